// One WhatsApp Flow's metadata on Kaleyra, on the native provider (the Go SDK in sdk/go/kaleyra).
package main

import (
	"github.com/pulumi-kaleyra-flows/pulumi-kaleyra/sdk/go/kaleyra"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// The account comes from stack config (kaleyra:sid, kaleyra:region, kaleyra:apiKey as a
		// secret) or KALEYRA_SID / KALEYRA_REGION / KALEYRA_API_KEY. None of it is written here.
		cfg := config.New(ctx, "")
		flowID := cfg.Get("flowId")
		if flowID == "" {
			flowID = "1234567890123451"
		}
		signUp, err := kaleyra.NewFlowMetadata(ctx, "sign-up", &kaleyra.FlowMetadataArgs{
			FlowId:      pulumi.String(flowID),
			Name:        pulumi.String("Sign up"),
			Categories:  pulumi.StringArray{pulumi.String("SIGN_UP")},
			EndpointUri: pulumi.String("https://flows.example.com/sign-up"),
		})
		if err != nil {
			return err
		}
		ctx.Export("flowId", signUp.FlowId)
		ctx.Export("status", signUp.Status)
		return nil
	})
}
