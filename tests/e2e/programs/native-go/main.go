// The metadata of three existing flows in two accounts, and one whole flow, on the native provider.
package main

import (
	"os"

	"github.com/pulumi-kaleyra-flows/pulumi-kaleyra/sdk/go/kaleyra"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		or := func(key, fallback string) string {
			if value := cfg.Get(key); value != "" {
				return value
			}
			return fallback
		}

		// A second account: its own provider, its key a secret of this stack.
		eu, err := kaleyra.NewProvider(ctx, "eu", &kaleyra.ProviderArgs{
			Sid:       pulumi.String("HXEU16DEMO0042EU"),
			Region:    pulumi.String("EU"),
			ApiDomain: pulumi.String(cfg.Require("euApiDomain")),
			ApiKey:    cfg.RequireSecret("euApiKey"),
		})
		if err != nil {
			return err
		}

		signUp, err := kaleyra.NewFlowMetadata(ctx, "sign-up", &kaleyra.FlowMetadataArgs{
			FlowId:      pulumi.String("1234567890123451"),
			Name:        pulumi.String(or("signUpName", "Sign up for offers")),
			Categories:  pulumi.StringArray{pulumi.String(or("signUpCategory", "SIGN_UP"))},
			EndpointUri: pulumi.String("https://example.com/flows/sign-up"),
		})
		if err != nil {
			return err
		}

		if _, err := kaleyra.NewFlowMetadata(ctx, "booking", &kaleyra.FlowMetadataArgs{
			FlowId:               pulumi.String("1234567890123452"),
			Name:                 pulumi.String(or("bookingName", "Book an appointment")),
			AllowPublishedUpdate: pulumi.Bool(cfg.GetBool("allowBookingUpdate")),
		}); err != nil {
			return err
		}

		lead, err := kaleyra.NewFlowMetadata(ctx, "lead", &kaleyra.FlowMetadataArgs{
			FlowId:     pulumi.String("9876543210987651"),
			Name:       pulumi.String("Lead capture"),
			Categories: pulumi.StringArray{pulumi.String("LEAD_GENERATION")},
		}, pulumi.Provider(eu))
		if err != nil {
			return err
		}

		welcomeJSON, err := os.ReadFile("flows/welcome.json")
		if err != nil {
			return err
		}
		welcome, err := kaleyra.NewFlow(ctx, "welcome", &kaleyra.FlowArgs{
			WabaId:       pulumi.String("1029384756102938"),
			Name:         pulumi.String("Welcome to Acme Rewards"),
			Categories:   pulumi.StringArray{pulumi.String("SIGN_UP")},
			FlowJson:     pulumi.String(string(welcomeJSON)),
			FlowJsonFile: pulumi.String("flows/welcome.json"),
		})
		if err != nil {
			return err
		}

		// What `pulumi import kaleyra:index:FlowMetadata survey 1234567890123453` recorded, as code.
		if cfg.GetBool("declareSurvey") {
			if _, err := kaleyra.NewFlowMetadata(ctx, "survey", &kaleyra.FlowMetadataArgs{
				FlowId:     pulumi.String("1234567890123453"),
				Name:       pulumi.String("Customer survey"),
				Categories: pulumi.StringArray{pulumi.String("SURVEY"), pulumi.String("OTHER")},
			}, pulumi.Protect(true)); err != nil {
				return err
			}
		}

		ctx.Export("signUpStatus", signUp.Status)
		ctx.Export("leadSid", lead.Sid)
		ctx.Export("welcomeFlowId", welcome.FlowId)
		ctx.Export("welcomeStatus", welcome.Status)
		return nil
	})
}
