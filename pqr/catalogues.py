"""Seed values of the editable catalogues (used by the data migration and tests)."""

# Names are stored as written here (Spanish); marking them lets the English catalogue
# translate the seeded ones wherever a row is shown through str().
from django.utils.translation import gettext_noop

PQR_TYPES = [
    # code, name, requires_protocol
    ("peticion", gettext_noop("Petición"), False),
    ("peticion_informacion", gettext_noop("Petición de información o documentos"), False),
    ("consulta", gettext_noop("Consulta"), False),
    ("queja", gettext_noop("Queja"), True),
    ("reclamo", gettext_noop("Reclamo"), True),
    ("sugerencia", gettext_noop("Sugerencia"), False),
    ("felicitacion", gettext_noop("Felicitación"), False),
    ("denuncia", gettext_noop("Denuncia"), False),
    ("habeas_data_consulta", gettext_noop("Consulta de datos personales (habeas data)"), False),
    ("habeas_data_reclamo", gettext_noop("Reclamo de datos personales (habeas data)"), True),
    ("garantia", gettext_noop("Reclamación por garantía"), True),
]

MOMENTS_OF_TRUTH = [
    gettext_noop("Visita a nuestras instalaciones"),
    gettext_noop("Llamada telefónica"),
    gettext_noop("Contacto con nuestra publicidad"),
    gettext_noop("Navegación en el sitio web"),
    gettext_noop("Comunicación por correo"),
    gettext_noop("Atención en el punto de venta"),
    gettext_noop("Uso del producto o servicio"),
    gettext_noop("Comentarios de otras personas"),
]

ROOT_CAUSES = [
    ("negligencia", gettext_noop("Negligencia")),
    ("falta_experiencia", gettext_noop("Falta de experiencia")),
    ("indiferencia", gettext_noop("Indiferencia")),
    ("olvido", gettext_noop("Olvido")),
    ("falla_proceso", gettext_noop("Falla de proceso")),
    ("defecto_producto", gettext_noop("Defecto del producto")),
    ("tercero", gettext_noop("Causa de un tercero")),
    ("sin_fundamento", gettext_noop("Sin fundamento")),
]

# Types whose resolution needs a root cause.
ROOT_CAUSE_REQUIRED_CODES = ("queja", "reclamo")
