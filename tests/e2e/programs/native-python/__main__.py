"""The metadata of three existing flows in two accounts, and one whole flow, on the native provider."""
import pulumi
import pulumi_kaleyra as kaleyra

config = pulumi.Config()

# A second account: its own provider, its key a secret of this stack.
eu = kaleyra.Provider(
    "eu",
    sid="HXEU16DEMO0042EU",
    region="EU",
    api_domain=config.require("euApiDomain"),
    api_key=config.require_secret("euApiKey"),
)

sign_up = kaleyra.FlowMetadata(
    "sign-up",
    flow_id="1234567890123451",
    name=config.get("signUpName") or "Sign up for offers",
    categories=[config.get("signUpCategory") or "SIGN_UP"],
    endpoint_uri="https://example.com/flows/sign-up",
)

kaleyra.FlowMetadata(
    "booking",
    flow_id="1234567890123452",
    name=config.get("bookingName") or "Book an appointment",
    allow_published_update=config.get_bool("allowBookingUpdate") or False,
)

lead = kaleyra.FlowMetadata(
    "lead",
    flow_id="9876543210987651",
    name="Lead capture",
    categories=["LEAD_GENERATION"],
    opts=pulumi.ResourceOptions(provider=eu),
)

with open("flows/welcome.json", encoding="utf-8") as file:
    welcome_json = file.read()

welcome = kaleyra.Flow(
    "welcome",
    waba_id="1029384756102938",
    name="Welcome to Acme Rewards",
    categories=["SIGN_UP"],
    flow_json=welcome_json,
    flow_json_file="flows/welcome.json",
)

# What `pulumi import kaleyra:index:FlowMetadata survey 1234567890123453` recorded, as code.
if config.get_bool("declareSurvey"):
    kaleyra.FlowMetadata(
        "survey",
        flow_id="1234567890123453",
        name="Customer survey",
        categories=["SURVEY", "OTHER"],
        opts=pulumi.ResourceOptions(protect=True),
    )

pulumi.export("signUpStatus", sign_up.status)
pulumi.export("leadSid", lead.sid)
pulumi.export("welcomeFlowId", welcome.flow_id)
pulumi.export("welcomeStatus", welcome.status)
