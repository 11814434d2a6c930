from django.conf import settings

from homecare.core.council import set_council
from homecare.core.demo_kit import DemoContext, DemoStep

DEMO_COUNCIL_NAME = "Fernshire Borough Council"
DEMO_COUNCIL_CODE = "E06000999"  # fictional: not a real authority's code


def council(ctx: DemoContext) -> None:
    """The demo sets its own identity unless COUNCIL_NAME and COUNCIL_ONS_CODE are given."""
    row = set_council(
        by=ctx.actor,
        name=settings.COUNCIL_NAME or DEMO_COUNCIL_NAME,
        ons_code=settings.COUNCIL_ONS_CODE or DEMO_COUNCIL_CODE,
    )
    ctx.data["council_name"] = row.name


STEPS = [DemoStep(10, "council identity", council)]
