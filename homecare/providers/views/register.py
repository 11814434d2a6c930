"""Staff pages of the provider register: list with filters and exports, provider detail, CQC
ratings upload and QAF assessments."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from homecare.core import exports
from homecare.core.actor import Actor
from homecare.core.council import get_council
from homecare.core.forms import show_error
from homecare.core.imports import ImportRejected
from homecare.core.permissions import actor_of, has_permission, require
from homecare.providers import presenters, queries, services
from homecare.providers.forms import CqcUploadForm, ProviderFilterForm, QafAssessmentForm
from homecare.providers.importers import import_cqc_ratings
from homecare.providers.models import CqcRating, Provider, ProviderStatus
from homecare.providers.permissions import (
    ASSESS_QAF,
    CONTRACT_ACTION,
    IMPORT_CQC_RATINGS,
    VIEW_REGISTER,
)
from homecare.providers.services.contracts import allowed_actions
from homecare.providers.services.rates import rate_in_force


def _today() -> dt.date:
    return timezone.localdate()


def _filtered(request: HttpRequest, actor: Actor) -> tuple[ProviderFilterForm, QuerySet[Provider]]:
    form = ProviderFilterForm(request.GET or None)
    qs = queries.providers_with_related(Provider.objects.visible_to(actor))
    if form.is_valid():
        qs = queries.filter_providers(qs, form.cleaned_data, on=_today())
    return form, qs


@require(VIEW_REGISTER)
def provider_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form, qs = _filtered(request, actor)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    today = _today()
    rows = [
        {
            "provider": p,
            "status": presenters.provider_status(p),
            "rating": presenters.rating_tag(p.cqc_rating),
            "qaf": presenters.qaf_label(p.qaf_level),
            "zones": ", ".join(z.name for z in p.zones.all()),
            "tiers": ", ".join(queries.current_tiers(p, on=today)),
        }
        for p in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "providers/provider_list.html",
        {
            "page_title": "Providers",
            "filter_form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_upload": has_permission(actor, IMPORT_CQC_RATINGS),
        },
    )


@require(VIEW_REGISTER)
def provider_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, qs = _filtered(request, actor_of(request))
    today = _today()
    rows = (queries.export_row(p, on=today) for p in qs)
    return exports.download(
        f"providers-{today:%Y-%m-%d}", queries.EXPORT_HEADINGS, rows, fmt=fmt, sheet_title="Providers"
    )


@require(VIEW_REGISTER)
def provider_detail(request: HttpRequest, ref: str) -> HttpResponse:
    actor = actor_of(request)
    provider = get_object_or_404(
        queries.providers_with_related(Provider.objects.visible_to(actor)), council_ref=ref
    )
    today = _today()
    can_act = has_permission(actor, CONTRACT_ACTION, provider)
    summary = [
        ("Council reference", provider.council_ref),
        ("CQC provider ID", provider.cqc_provider_id or "Not registered"),
        ("Status", presenters.provider_status(provider).text),
        ("CQC registration date", presenters.date(provider.registered_on) or "Not known"),
        ("Address", ", ".join(v for v in (provider.address, provider.postcode) if v) or "Not known"),
        ("Zones served", ", ".join(z.name for z in provider.zones.all()) or "None recorded"),
        ("Service types", presenters.service_types(provider.service_types) or "None recorded"),
        (
            "Local contact",
            ", ".join(v for v in (provider.contact_name, provider.contact_email, provider.contact_phone) if v)
            or "None recorded",
        ),
        ("Quality officer", str(provider.quality_officer or "Not assigned")),
        ("QAF level", presenters.qaf_label(provider.qaf_level)),
    ]
    if provider.status == ProviderStatus.EXITED:
        summary.append(("Exit", f"{presenters.date(provider.exited_on)}: {provider.exit_reason}"))
    if provider.created_by_import:
        summary.append(("Source", "Created by the CQC ratings import: check these details"))
    ratings = CqcRating.objects.filter(location__provider=provider).select_related("location")
    contracts = []
    for contract in provider.contracts.all():
        rate = rate_in_force(contract, on=today)
        contracts.append(
            {
                "contract": contract,
                "place": presenters.contract_place(contract),
                "status": presenters.contract_status(contract),
                "share": presenters.percent(contract.target_share),
                "period": f"{presenters.short_date(contract.starts_on)} to {presenters.short_date(contract.ends_on) or 'open'}",
                "accepts": "Yes" if contract.accepts_new_packages(today) else "No",
                "rate": presenters.money(rate.hourly_rate) if rate else "No rate",
                "terms": presenters.rate_terms(rate) if rate else None,
                "can_act": can_act and bool(allowed_actions(contract)),
                "actions": [
                    {
                        "kind": a.get_kind_display(),
                        "on": presenters.date(a.effective_on),
                        "reason": a.reason,
                        "by": a.decided_by_label,
                    }
                    for a in contract.actions.all()
                ],
                "rates": [
                    {
                        "from": presenters.date(r.effective_from),
                        "hourly": presenters.money(r.hourly_rate),
                        "terms": presenters.rate_terms(r),
                        "uplift": r.uplift.name if r.uplift else "",
                    }
                    for r in contract.rates.select_related("uplift")
                ],
            }
        )
    returns = provider.capacity_returns.prefetch_related("lines", "lines__zone")[:4]
    return render(
        request,
        "providers/provider_detail.html",
        {
            "page_title": provider.name,
            "provider": provider,
            "summary": summary,
            "rating": presenters.rating_tag(provider.cqc_rating),
            "rating_published": presenters.date(provider.cqc_rating_published_on),
            "locations": provider.locations.all(),
            "ratings": [presenters.rating_row(r) for r in ratings],
            "domain_headings": presenters.DOMAIN_HEADINGS,
            "qaf_history": [
                {"level": a.get_level_display(), "on": presenters.date(a.assessed_on), "notes": a.notes}
                for a in provider.qaf_assessments.all()
            ],
            "contracts": contracts,
            "spot_rates": [
                {"from": presenters.date(r.effective_from), "hourly": presenters.money(r.hourly_rate)}
                for r in provider.spot_rates.all()
            ],
            "returns": [
                {
                    "week": presenters.date(r.week_commencing),
                    "hours": sum((line.hours for line in r.lines.all()), 0),
                    "staff": r.staff_in_post,
                    "vacancies": r.vacancies,
                    "leavers": r.leavers,
                }
                for r in returns
            ],
            "can_assess": has_permission(actor, ASSESS_QAF, provider),
        },
    )


@require(IMPORT_CQC_RATINGS)
def cqc_upload(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = CqcUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        council = get_council()
        upload = form.cleaned_data["file"]
        try:
            result = import_cqc_ratings(
                upload,
                by=actor,
                council_name=council.name,
                council_code=council.ons_code,
                file_name=upload.name,
            )
        except ImportRejected as exc:
            form.add_error(
                "file", f"The file was not imported: {exc.total} problem(s) found. Nothing was changed."
            )
            problems = [str(e) for e in exc.errors]
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, f"CQC ratings imported: {result.summary()}")
            return redirect("providers:list")
    return render(
        request,
        "providers/cqc_upload.html",
        {"page_title": "Import CQC ratings", "form": form, "problems": problems},
    )


@require(ASSESS_QAF)
def qaf_assess(request: HttpRequest, ref: str) -> HttpResponse:
    actor = actor_of(request)
    provider = get_object_or_404(Provider.objects.visible_to(actor), council_ref=ref)
    form = QafAssessmentForm(request.POST or None, initial={"assessed_on": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_qaf_assessment(by=actor, provider=provider, today=_today(), **form.cleaned_data)
        except ValidationError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"QAF assessment recorded for {provider.name}")
            return redirect("providers:detail", ref=provider.council_ref)
    return render(
        request,
        "providers/qaf_assess.html",
        {"page_title": f"QAF assessment: {provider.name}", "provider": provider, "form": form},
    )
