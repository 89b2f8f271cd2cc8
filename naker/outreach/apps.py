from django.apps import AppConfig

from naker.accounts.events import AccountErased
from naker.core import events


class OutreachConfig(AppConfig):
    name = "naker.outreach"
    label = "outreach"

    def ready(self) -> None:
        # Imported here: the handlers reach the models, which are not loaded when this module is.
        from naker.outreach.member_import.handlers import delete_refused_rows_of_erased

        events.subscribe(AccountErased, delete_refused_rows_of_erased)
