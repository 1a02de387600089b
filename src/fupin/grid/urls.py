from django.urls import path

from . import board_views, exchange_views

app_name = "grid"

urlpatterns = [
    path("villages/<str:code>/board/", board_views.board_page, name="board"),
    path("villages/<str:code>/board.pdf", board_views.board_download, name="board_pdf"),
    path(
        "villages/<str:code>/board/photos/<int:pk>/",
        board_views.board_photo,
        name="board_photo",
    ),
    path("import/", exchange_views.import_page, name="import"),
    path("export/", exchange_views.export_download, name="export"),
]
