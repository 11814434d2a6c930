from django.contrib.auth import views as auth_views

from homecare.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}


class LogoutView(auth_views.LogoutView):
    pass
