from . import clearance_urls

app_name = "ledger"

urlpatterns = [
    *clearance_urls.urlpatterns,
]
