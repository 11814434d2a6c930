from django.urls import path

from homecare.providers.views import capacity, contracts, register

app_name = "providers"

urlpatterns = [
    path("", register.provider_list, name="list"),
    path("export.csv", register.provider_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", register.provider_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("cqc-ratings/import/", register.cqc_upload, name="cqc_upload"),
    path("frameworks/", contracts.framework_list, name="frameworks"),
    path("frameworks/<str:reference>/", contracts.framework_detail, name="framework"),
    path("contracts/<str:reference>/decision/", contracts.contract_action, name="contract_action"),
    path("rates/uplift/", contracts.uplift, name="uplift"),
    path("capacity/", capacity.market_capacity, name="market_capacity"),
    path("portal/capacity-returns/", capacity.my_returns, name="my_returns"),
    path("portal/capacity-returns/new/", capacity.new_return, name="new_return"),
    path("portal/capacity-returns/<int:pk>/", capacity.edit_return, name="edit_return"),
    path("<str:ref>/", register.provider_detail, name="detail"),
    path("<str:ref>/qaf/", register.qaf_assess, name="qaf"),
]
