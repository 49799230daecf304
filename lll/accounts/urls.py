from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import PasswordResetForm

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("uzytkownicy/", views.user_list, name="user_list"),
    path("uzytkownicy/nowy/", views.user_create, name="user_create"),
    path("uzytkownicy/<int:pk>/", views.user_edit, name="user_edit"),
    path(
        "uzytkownicy/<int:pk>/link-do-hasla/",
        views.user_send_password_link,
        name="user_send_password_link",
    ),
]

# Django's authentication views keep their global names (login, logout, password_*), which
# Django's own code and templates refer to.
auth_urlpatterns = [
    path(
        "konto/logowanie/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("konto/wylogowanie/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/haslo/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "konto/haslo/zmienione/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "konto/reset-hasla/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "konto/reset-hasla/wyslany/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "konto/reset-hasla/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete")),
        name="password_reset_confirm",
    ),
    path(
        "konto/reset-hasla/gotowe/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
