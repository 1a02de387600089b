from . import bulk_urls, clearance_urls

app_name = "ledger"

urlpatterns = [
    *clearance_urls.urlpatterns,
    *bulk_urls.urlpatterns,
]
