"""Seed values of the editable catalogues (used by the data migration and tests)."""

PQR_TYPES = [
    # code, name, requires_protocol
    ("peticion", "Petición", False),
    ("peticion_informacion", "Petición de información o documentos", False),
    ("consulta", "Consulta", False),
    ("queja", "Queja", True),
    ("reclamo", "Reclamo", True),
    ("sugerencia", "Sugerencia", False),
    ("felicitacion", "Felicitación", False),
    ("denuncia", "Denuncia", False),
    ("habeas_data_consulta", "Consulta de datos personales (habeas data)", False),
    ("habeas_data_reclamo", "Reclamo de datos personales (habeas data)", False),
    ("garantia", "Reclamación por garantía", False),
]

MOMENTS_OF_TRUTH = [
    "Visita a nuestras instalaciones",
    "Llamada telefónica",
    "Contacto con nuestra publicidad",
    "Navegación en el sitio web",
    "Comunicación por correo",
    "Atención en el punto de venta",
    "Uso del producto o servicio",
    "Comentarios de otras personas",
]

ROOT_CAUSES = [
    ("negligencia", "Negligencia"),
    ("falta_experiencia", "Falta de experiencia"),
    ("indiferencia", "Indiferencia"),
    ("olvido", "Olvido"),
    ("falla_proceso", "Falla de proceso"),
    ("defecto_producto", "Defecto del producto"),
    ("tercero", "Causa de un tercero"),
    ("sin_fundamento", "Sin fundamento"),
]

# Types whose resolution needs a root cause.
ROOT_CAUSE_REQUIRED_CODES = ("queja", "reclamo")
