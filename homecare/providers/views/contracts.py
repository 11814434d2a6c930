"""Frameworks, contract actions and rate uplifts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from homecare.core.forms import show_error
from homecare.core.permissions import actor_of, require
from homecare.providers import presenters, services
from homecare.providers.forms import ContractActionForm, UpliftForm
from homecare.providers.models import Contract, ContractStatus, Framework
from homecare.providers.permissions import APPLY_UPLIFT, CONTRACT_ACTION, VIEW_REGISTER
from homecare.providers.services.contracts import allowed_actions


def _today() -> dt.date:
    return timezone.localdate()


@require(VIEW_REGISTER)
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = Framework.objects.annotate(lot_count=Count("lots", distinct=True)).order_by("-starts_on")
    rows = [
        {
            "framework": f,
            "service_type": f.get_service_type_display(),
            "period": f"{presenters.date(f.starts_on)} to {presenters.date(f.ends_on) or 'open'}",
            "policy": f.get_allocation_policy_display(),
        }
        for f in frameworks
    ]
    return render(request, "providers/framework_list.html", {"page_title": "Frameworks", "rows": rows})


@require(VIEW_REGISTER)
def framework_detail(request: HttpRequest, reference: str) -> HttpResponse:
    framework = get_object_or_404(Framework, reference=reference)
    today = _today()
    lots = []
    for lot in framework.lots.prefetch_related("zones"):
        contracts = (
            Contract.objects.filter(lot=lot)
            .exclude(status__in=[ContractStatus.TERMINATED, ContractStatus.ENDED])
            .select_related("provider")
            .in_lot_order()
        )
        lots.append(
            {
                "lot": lot,
                "zones": ", ".join(z.name for z in lot.zones.all()),
                "policy": lot.get_allocation_policy_display() or framework.get_allocation_policy_display(),
                "members": [
                    {
                        "contract": c,
                        "tier": c.get_tier_display(),
                        "rank": c.tender_rank or "",
                        "score": c.tender_score or "",
                        "share": presenters.percent(c.target_share),
                        "status": presenters.contract_status(c),
                        "accepts": "Yes" if c.accepts_new_packages(today) else "No",
                    }
                    for c in contracts
                ],
            }
        )
    return render(
        request,
        "providers/framework_detail.html",
        {
            "page_title": framework.name,
            "framework": framework,
            "lots": lots,
            "period": f"{presenters.date(framework.starts_on)} to {presenters.date(framework.ends_on) or 'open'}",
        },
    )


@require(CONTRACT_ACTION)
def contract_action(request: HttpRequest, reference: str) -> HttpResponse:
    actor = actor_of(request)
    contract = get_object_or_404(
        Contract.objects.visible_to(actor).select_related("provider"), reference=reference
    )
    allowed = allowed_actions(contract)
    form = ContractActionForm(request.POST or None, allowed=allowed, initial={"effective_on": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            action = services.apply_contract_action(by=actor, contract=contract, **form.cleaned_data)
        except ValidationError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request, f"{action.get_kind_display()}: recorded for contract {contract.reference}"
            )
            return redirect("providers:detail", ref=contract.provider.council_ref)
    return render(
        request,
        "providers/contract_action.html",
        {
            "page_title": f"Contract {contract.reference}: record a decision",
            "contract": contract,
            "status": presenters.contract_status(contract),
            "form": form,
        },
    )


def _uplift_contracts(data: dict[str, Any]) -> list[Contract]:
    qs = Contract.objects.current(data["effective_from"]).exclude(
        status__in=[ContractStatus.TERMINATED, ContractStatus.ENDED]
    )
    if data.get("framework"):
        qs = qs.filter(framework=data["framework"])
    if data.get("tiers"):
        qs = qs.filter(tier__in=data["tiers"])
    return list(qs.select_related("provider"))


@require(APPLY_UPLIFT)
def uplift(request: HttpRequest) -> HttpResponse:
    """Step 1: choose contracts and the uplift; step 2 ("preview"): see old -> new rates; step 3
    ("apply"): write exactly the previewed rows."""
    actor = actor_of(request)
    form = UpliftForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contracts = _uplift_contracts(data)
        try:
            if request.POST.get("step") == "apply":
                uplift_row, applied = services.apply_uplift(
                    by=actor,
                    contracts=contracts,
                    effective_from=data["effective_from"],
                    percent=data["percent"],
                    name=data["name"],
                    expected_fingerprint=data["fingerprint"] or "",
                )
                messages.success(
                    request,
                    f"{uplift_row.name}: {len(applied.rows)} new rates from {presenters.date(uplift_row.effective_from)}",
                )
                return redirect("providers:uplift")
            preview = services.preview_uplift(
                contracts=contracts, effective_from=data["effective_from"], percent=data["percent"]
            )
        except ValidationError as exc:
            show_error(form, exc)
    fingerprint = preview.fingerprint() if preview else ""
    return render(
        request,
        "providers/uplift.html",
        {
            "page_title": "Uplift rates",
            "form": form,
            "preview": preview,
            "fingerprint": fingerprint,
            "rows": [
                {
                    "reference": r.contract_reference,
                    "provider": r.provider_name,
                    "old": presenters.money(r.old_rate),
                    "old_from": presenters.date(r.old_effective_from),
                    "new": presenters.money(r.new_rate),
                }
                for r in (preview.rows if preview else [])
            ],
        },
    )
