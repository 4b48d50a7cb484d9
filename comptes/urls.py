from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

# The pages about one's account and the administrateurs' user management, under the "comptes"
# namespace; login and logout keep their plain names (LOGIN_URL = "login").
account_patterns = [
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/nouvelle/", views.invitation_create, name="invitation_create"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("utilisateurs/", views.user_list, name="user_list"),
    path("utilisateurs/<int:pk>/", views.user_edit, name="user_edit"),
    path("utilisateurs/<int:pk>/desactiver/", views.user_deactivate, name="user_deactivate"),
    path("utilisateurs/<int:pk>/reactiver/", views.user_reactivate, name="user_reactivate"),
    path("utilisateurs/<int:pk>/debloquer/", views.user_unlock, name="user_unlock"),
    path("profil/", views.profile, name="profile"),
    path("mot-de-passe/", views.PasswordChangeView.as_view(), name="password_change"),
    path("mot-de-passe/modifie/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("mot-de-passe-oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe-oublie/envoye/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reinitialisation/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reinitialisation/terminee/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("", include((account_patterns, "comptes"))),
]
