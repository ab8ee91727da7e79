// Command sdkgen writes the Python, Node.js and Go SDKs of a Pulumi package schema.
//
//	sdkgen -schema schema/kaleyra.schema.json -out . [-languages python,nodejs,go] [-local]
//
// writes OUT/sdk/python, OUT/sdk/nodejs and OUT/sdk/go with the code generators of
// github.com/pulumi/pulumi/pkg/v3 pinned by this module's go.mod, the same ones that
// `pulumi package gen-sdk` reaches through the language hosts. It exists because no
// language host that builds here implements GeneratePackage.
//
// The schema may reference no other package: the loader handed to the generators
// refuses every load.
//
// Output is deterministic: the same schema gives the same bytes. Each language folder
// is emptied before it is written, so a resource removed from the schema disappears;
// only build state that the generators never emit is kept (see keep). Nothing on disk
// changes unless every requested language generated without error.
//
// -local is `pulumi package gen-sdk --local`: the Node.js package.json then names
// bin/index.js as main and compiles itself on install (scripts/postinstall.js), so a
// program can depend on the folder directly.
//
// Go: when the generator emits no go.mod (it does so only for a schema with
// meta.supportPack), one is written beside the package, sdk/go/<name>/go.mod, whose
// module path is language.go.importBasePath and which requires the modules the
// generated code imports at the versions this command was built with
// (github.com/pulumi/pulumi/sdk/v3 v3.248.0 and its github.com/blang/semver).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is the name written into the generated files' headers.
const tool = "pulumi-kaleyra-flows sdk-gen"

// goDirective is the go line of the go.mod written for the Go SDK: the one of
// github.com/pulumi/pulumi/sdk/v3 v3.248.0, which that go.mod requires.
const goDirective = "1.25.11"

const pulumiGoSDK = "github.com/pulumi/pulumi/sdk/v3"

// keep lists the top-level entries of a language folder that survive regeneration:
// build state made by tools run in that folder, never emitted by the generators.
var keep = map[string]map[string]bool{
	"python": {},
	"nodejs": {"node_modules": true},
	"go":     {},
}

// local is the -local flag.
var local bool

var generators = map[string]func(spec *schema.PackageSpec) (map[string][]byte, error){
	"python": func(spec *schema.PackageSpec) (map[string][]byte, error) {
		pkg, err := bind(spec)
		if err != nil {
			return nil, err
		}
		return python.GeneratePackage(tool, pkg, nil, refusingLoader{})
	},
	"nodejs": func(spec *schema.PackageSpec) (map[string][]byte, error) {
		pkg, err := bind(spec)
		if err != nil {
			return nil, err
		}
		return nodejs.GeneratePackage(tool, pkg, nil, nil, local, refusingLoader{})
	},
	"go": func(spec *schema.PackageSpec) (map[string][]byte, error) {
		pkg, err := bind(spec)
		if err != nil {
			return nil, err
		}
		files, err := gogen.GeneratePackage(tool, pkg, nil)
		if err != nil {
			return nil, err
		}
		return addGoMod(pkg, files)
	},
}

func main() {
	schemaPath := flag.String("schema", "", "the Pulumi package schema (JSON)")
	out := flag.String("out", "", "the folder under which sdk/<language> is written")
	languages := flag.String("languages", "python,nodejs,go", "comma-separated languages to generate")
	flag.BoolVar(&local, "local", false, "generate a Node.js SDK that a program installs from its folder")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(),
			"usage: sdkgen -schema FILE -out DIR [-languages python,nodejs,go] [-local]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *schemaPath == "" || *out == "" || flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*schemaPath, *out, *languages); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, out, languageList string) error {
	langs, err := parseLanguages(languageList)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}

	// Everything is generated before anything is written.
	generated := make(map[string]map[string][]byte, len(langs))
	for _, lang := range langs {
		files, err := generators[lang](&spec)
		if err != nil {
			return fmt.Errorf("%s: %w", lang, err)
		}
		for name := range files {
			if !safeRelative(name) {
				return fmt.Errorf("%s: generator emitted an unsafe path %q", lang, name)
			}
		}
		generated[lang] = files
	}

	for _, lang := range langs {
		dir := filepath.Join(out, "sdk", lang)
		if err := clean(dir, keep[lang]); err != nil {
			return err
		}
		files := generated[lang]
		names := make([]string, 0, len(files))
		for name := range files {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			target := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(target, files[name], 0o644); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "sdkgen: %s: %d files in %s\n", lang, len(names), dir)
	}
	return nil
}

func parseLanguages(list string) ([]string, error) {
	seen := map[string]bool{}
	var langs []string
	for _, lang := range strings.Split(list, ",") {
		lang = strings.TrimSpace(lang)
		if lang == "" || seen[lang] {
			continue
		}
		if generators[lang] == nil {
			return nil, fmt.Errorf("unknown language %q (known: go, nodejs, python)", lang)
		}
		seen[lang] = true
		langs = append(langs, lang)
	}
	if len(langs) == 0 {
		return nil, errors.New("no language given")
	}
	return langs, nil
}

// bind validates the spec and binds a fresh Package: the generators record their
// language options in the Package, so each language gets its own.
func bind(spec *schema.PackageSpec) (*schema.Package, error) {
	pkg, diags, err := schema.BindSpec(*spec, refusingLoader{}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	for _, d := range diags {
		fmt.Fprintf(os.Stderr, "sdkgen: schema: %s\n", d.Error())
	}
	if diags.HasErrors() {
		return nil, errors.New("the schema has errors (see above)")
	}
	return pkg, nil
}

// addGoMod adds <package folder>/go.mod when the generator wrote no go.mod. It requires
// github.com/pulumi/pulumi/sdk/v3 and every other module the generated code imports, at
// the versions linked into this command; `go mod tidy` in that folder completes it with
// the indirect requirements and a go.sum.
func addGoMod(pkg *schema.Package, files map[string][]byte) (map[string][]byte, error) {
	if _, ok := files["go.mod"]; ok {
		return files, nil
	}
	info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
	if info.ImportBasePath == "" {
		return nil, errors.New("language.go.importBasePath is required: it is the Go SDK's module path")
	}
	if info.RootPackageName != "" {
		return nil, errors.New("language.go.rootPackageName (a flat layout) is not supported")
	}
	modulePath := info.ImportBasePath
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return nil, errors.New("no build information in this binary")
	}

	requires := map[string]string{}
	if err := requireModule(bi, pulumiGoSDK, requires); err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	for name, src := range files {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if err != nil {
			return nil, err
		}
		for _, spec := range f.Imports {
			imp, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return nil, err
			}
			first, _, _ := strings.Cut(imp, "/")
			if !strings.Contains(first, ".") || imp == modulePath || strings.HasPrefix(imp, modulePath+"/") {
				continue // the standard library, or this module
			}
			if err := requireModule(bi, imp, requires); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
	}

	mods := make([]string, 0, len(requires))
	for mod := range requires {
		mods = append(mods, mod)
	}
	sort.Strings(mods)
	var b strings.Builder
	fmt.Fprintf(&b, "module %s\n\ngo %s\n\nrequire (\n", modulePath, goDirective)
	for _, mod := range mods {
		fmt.Fprintf(&b, "\t%s %s\n", mod, requires[mod])
	}
	b.WriteString(")\n")
	files[path.Join(path.Base(modulePath), "go.mod")] = []byte(b.String())
	return files, nil
}

// requireModule records the module, linked into this command, that provides package imp.
func requireModule(bi *debug.BuildInfo, imp string, requires map[string]string) error {
	var best *debug.Module
	for _, dep := range bi.Deps {
		if (imp == dep.Path || strings.HasPrefix(imp, dep.Path+"/")) && (best == nil || len(dep.Path) > len(best.Path)) {
			best = dep
		}
	}
	if best == nil {
		return fmt.Errorf("no module linked into sdkgen provides %s", imp)
	}
	version := best.Version
	if best.Replace != nil && best.Replace.Version != "" {
		version = best.Replace.Version
	}
	requires[best.Path] = version
	return nil
}

// clean empties dir except the top-level names in kept, creating dir if needed.
func clean(dir string, kept map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if kept[e.Name()] {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func safeRelative(name string) bool {
	clean := path.Clean(name)
	return name != "" && !path.IsAbs(name) && clean != ".." && !strings.HasPrefix(clean, "../") &&
		!strings.Contains(name, "\\")
}

// refusingLoader is the schema loader for a package that references no other package.
type refusingLoader struct{}

func refuse(name string) error {
	return fmt.Errorf("the schema references package %q; sdkgen loads no other package", name)
}

func (refusingLoader) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, refuse(pkg)
}

func (refusingLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, refuse(d.Name)
}

func (refusingLoader) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, refuse(pkg)
}

func (refusingLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, refuse(d.Name)
}
