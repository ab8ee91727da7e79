"""One WhatsApp Flow's metadata on Kaleyra, on the native provider (pulumi_kaleyra)."""
import pulumi
import pulumi_kaleyra as kaleyra

# The account comes from stack config (kaleyra:sid, kaleyra:region, kaleyra:apiKey as a
# secret) or KALEYRA_SID / KALEYRA_REGION / KALEYRA_API_KEY. None of it is written here.
config = pulumi.Config()

sign_up = kaleyra.FlowMetadata(
    "sign-up",
    # Flow ids have 15-17 digits: keep them strings.
    flow_id=config.get("flowId") or "1234567890123451",
    name="Sign up",
    categories=["SIGN_UP"],
    endpoint_uri="https://flows.example.com/sign-up",
)

pulumi.export("flowId", sign_up.flow_id)
pulumi.export("status", sign_up.status)
