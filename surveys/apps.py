from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Encuestas")

    def ready(self) -> None:
        # Imports here: models and the registries can only be loaded once apps are ready.
        from customers.erasure import register_personal_data_eraser
        from customers.holder_data import register_holder_data_provider
        from customers.timeline import register_timeline_provider
        from pqr.notification_status import register_answer_went_out_listener
        from pqr.timeline import register_pqr_timeline_provider

        from .erasure import survey_rows_erase
        from .holder_data import survey_holder_data
        from .services import survey_invite_when_answer_out
        from .timeline import survey_entries_for_customer, survey_entries_for_pqr

        register_timeline_provider(survey_entries_for_customer)
        register_pqr_timeline_provider(survey_entries_for_pqr)
        register_answer_went_out_listener(survey_invite_when_answer_out)
        register_personal_data_eraser(survey_rows_erase)
        register_holder_data_provider(survey_holder_data)
