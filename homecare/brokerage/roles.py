"""Who may use the brokerage pages."""

from homecare.accounts.roles import Role

#: Staff who read packages, the awaiting care list and the reports.
BROKERAGE_READ_ROLES: frozenset[str] = frozenset({Role.BROKER, Role.COMMISSIONER, Role.AUDITOR, Role.ADMIN})
#: Staff who broker: take referrals, offer, override, record interim arrangements.
BROKERAGE_WRITE_ROLES: frozenset[str] = frozenset({Role.BROKER, Role.ADMIN})
