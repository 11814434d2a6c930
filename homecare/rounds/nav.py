from homecare.core.navigation import NavItem
from homecare.rounds.permissions import PLAN_ROUNDS, VIEW_ALL_ROUNDS

ITEMS = [
    NavItem(
        "Rounds",
        "rounds:index",
        PLAN_ROUNDS,
        "Plan your carers' rounds for a day, see the travel, and move visits between carers.",
        order=45,
    ),
    NavItem(
        "Carers",
        "rounds:carers",
        PLAN_ROUNDS,
        "The carers who do your rounds: skills, home base, travel and shifts.",
        order=46,
    ),
    NavItem(
        "Care rounds",
        "rounds:index",
        VIEW_ALL_ROUNDS,
        "Providers' planned rounds: travel, visits planned and visits they could not plan.",
        order=85,
        in_header=False,
    ),
]
