from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Vetrina's user; organisations and roles arrive with the access issue."""
