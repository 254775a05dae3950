"""Main cities per department (Departamento → Ciudad of Crear Nuevo).

Department codes are django-localflavor's (`localflavor.co.co_departments`).
A short list per department (capital first, then the largest municipalities)
is enough for a correspondence address; it is the single source of truth for
the form's choices, its validation and the page's filtering script.
"""

from __future__ import annotations

CIUDADES: dict[str, tuple[str, ...]] = {
    "AMA": ("Leticia", "Puerto Nariño"),
    "ANT": ("Medellín", "Bello", "Itagüí", "Envigado", "Rionegro", "Apartadó", "Sabaneta"),
    "ARA": ("Arauca", "Saravena", "Tame"),
    "ATL": ("Barranquilla", "Soledad", "Malambo", "Puerto Colombia"),
    "DC": ("Bogotá",),
    "BOL": ("Cartagena", "Magangué", "Turbaco"),
    "BOY": ("Tunja", "Duitama", "Sogamoso", "Chiquinquirá"),
    "CAL": ("Manizales", "La Dorada", "Chinchiná"),
    "CAQ": ("Florencia", "San Vicente del Caguán"),
    "CAS": ("Yopal", "Aguazul", "Villanueva"),
    "CAU": ("Popayán", "Santander de Quilichao"),
    "CES": ("Valledupar", "Aguachica"),
    "CHO": ("Quibdó", "Istmina"),
    "COR": ("Montería", "Cereté", "Lorica", "Sahagún"),
    "CUN": ("Soacha", "Facatativá", "Zipaquirá", "Chía", "Fusagasugá", "Girardot", "Mosquera", "Funza"),
    "GUA": ("Inírida",),
    "GUV": ("San José del Guaviare",),
    "HUI": ("Neiva", "Pitalito", "Garzón"),
    "LAG": ("Riohacha", "Maicao", "Uribia"),
    "MAG": ("Santa Marta", "Ciénaga", "Fundación"),
    "MET": ("Villavicencio", "Acacías", "Granada"),
    "NAR": ("Pasto", "Tumaco", "Ipiales"),
    "NSA": ("Cúcuta", "Ocaña", "Pamplona", "Villa del Rosario"),
    "PUT": ("Mocoa", "Puerto Asís"),
    "QUI": ("Armenia", "Calarcá", "Montenegro"),
    "RIS": ("Pereira", "Dosquebradas", "Santa Rosa de Cabal"),
    "SAP": ("San Andrés", "Providencia"),
    "SAN": ("Bucaramanga", "Floridablanca", "Girón", "Piedecuesta", "Barrancabermeja", "San Gil"),
    "SUC": ("Sincelejo", "Corozal"),
    "TOL": ("Ibagué", "Espinal", "Melgar", "Honda"),
    "VAC": ("Cali", "Palmira", "Buenaventura", "Tuluá", "Cartago", "Buga", "Jamundí", "Yumbo"),
    "VAU": ("Mitú",),
    "VID": ("Puerto Carreño",),
}


def ciudad_valida(departamento: str, ciudad: str) -> bool:
    return ciudad in CIUDADES.get(departamento, ())
