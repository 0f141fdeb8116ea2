"""Staff pages of station files and FTP accounts (views_files.py)."""
from django.urls import path

from smartcity.environment import views_files

urlpatterns = [
    path("manage/files/", views_files.file_list, name="env-files"),
    path("manage/files/quarantine/", views_files.file_list, {"quarantine": True}, name="env-files-quarantine"),
    path("manage/files/<int:pk>/", views_files.file_detail, name="env-file"),
    path("manage/files/<int:pk>/raw/", views_files.file_raw, name="env-file-raw"),
    path("manage/ftp-accounts/", views_files.account_list, name="env-ftp-accounts"),
    path("manage/ftp-accounts/new/", views_files.account_create, name="env-ftp-account-new"),
    path("manage/ftp-accounts/<str:username>/", views_files.AccountView.as_view(), name="env-ftp-account"),
]
