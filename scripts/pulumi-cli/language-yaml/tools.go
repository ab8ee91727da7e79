//go:build tools

// Package tools only records the command this module builds, so `go mod tidy`
// keeps its dependencies in go.sum.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
