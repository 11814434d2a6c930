from homecare.accounts.services import create_user
from homecare.core.demo_kit import DemoContext, DemoStep
from homecare.core.roles import Role

STAFF = [
    (Role.BROKER, "broker", "Priya", "Mistry", "Brokerage officer", "brokerage and the awaiting care list"),
    (
        Role.COMMISSIONER,
        "commissioner",
        "Alan",
        "Fletcher",
        "Commissioning manager",
        "providers, frameworks, contracts and rates",
    ),
    (
        Role.QUALITY_OFFICER,
        "quality",
        "Joyce",
        "Hussain",
        "Quality assurance officer",
        "quality, ratings and intelligence",
    ),
    (Role.FINANCE_OFFICER, "finance", "Colin", "Parker", "Finance officer", "payments to providers"),
    (
        Role.AUDITOR,
        "auditor",
        "Valerie",
        "Moore",
        "Internal auditor",
        "everything, read only, and the audit trail",
    ),
    (
        Role.ADMIN,
        "admin",
        "Sam",
        "Okafor",
        "Service administrator",
        "users, settings, audit trail and Django admin",
    ),
]


def users(ctx: DemoContext) -> None:
    for role, username, first, last, title, what in STAFF:
        create_user(
            by=ctx.actor,
            username=username,
            password=ctx.password,
            role=role,
            first_name=first,
            last_name=last,
            email=f"{username}@fernshire.example",
            job_title=title,
            check_password=False,
        )
        ctx.logins.append((Role(role).label, username, what))
    provider = next(p for p in ctx.data["providers"] if p.status == "active")
    create_user(
        by=ctx.actor,
        username="provider",
        password=ctx.password,
        role=Role.PROVIDER,
        provider=provider,
        first_name="Rita",
        last_name="Shaw",
        job_title="Registered manager",
        email="manager@provider.example",
        check_password=False,
    )
    ctx.logins.append((Role.PROVIDER.label, "provider", f"the provider portal of {provider.name}"))


STEPS = [DemoStep(90, "users", users)]
