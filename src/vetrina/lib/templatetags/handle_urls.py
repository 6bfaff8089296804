"""`{{ creator.handle|handle_url:"metrics:creator" }}`: what {% url "metrics:creator" creator.handle %}
writes, for pages that link many creators (vetrina.lib.urls)."""

from django import template

from vetrina.lib.urls import handle_url as _handle_url

register = template.Library()


@register.filter
def handle_url(handle: str, name: str) -> str:
    return _handle_url(name, handle)
