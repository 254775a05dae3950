"""The bank-side input checks of tokens/actions.py, word for word: serial batches,
seeds, the quota and a physical token's serial (mutation testing found these
messages and bounds unguarded)."""

from __future__ import annotations

import base64

import pytest
from django.utils import translation

from comun.errores import AccionRechazada
from tokens import actions


@pytest.fixture(autouse=True)
def _espanol():
    with translation.override("es"):
        yield


def _mensaje(exc: pytest.ExceptionInfo) -> str:
    return exc.value.messages[0]


# --- normalizar_seriales ------------------------------------------------------------------


def test_serials_split_on_spaces_commas_semicolons_and_lines_and_are_upper_cased():
    assert actions.normalizar_seriales(" fef4900030\nFEF4900031 ,FEF4900032;fef4900033\t") == [
        "FEF4900030", "FEF4900031", "FEF4900032", "FEF4900033"]


@pytest.mark.parametrize("texto", ["", None, "  \n , ; "])
def test_an_empty_batch_is_empty(texto):
    assert actions.normalizar_seriales(texto) == []


def test_bad_serials_are_named_at_most_ten_separated_by_commas():
    malos = [f"X{i}" for i in range(12)]
    with pytest.raises(AccionRechazada) as exc:
        actions.normalizar_seriales(" ".join(["FEF4900030", *malos]))
    assert _mensaje(exc) == "Seriales no válidos: " + ", ".join(m.upper() for m in malos[:10])


def test_repeated_serials_are_named_sorted_at_most_ten():
    repetidos = [f"FEF49000{i:02d}" for i in range(12)]
    with pytest.raises(AccionRechazada) as exc:
        actions.normalizar_seriales(" ".join(repetidos + list(reversed(repetidos))))
    assert _mensaje(exc) == "Seriales repetidos en el lote: " + ", ".join(repetidos[:10])


# --- secreto_a_hex --------------------------------------------------------------------------


def _b32(n_bytes: int) -> str:
    return base64.b32encode(bytes(range(1, n_bytes + 1))).decode().rstrip("=")


def test_a_seed_with_spaces_lower_case_and_no_padding_is_read():
    semilla = _b32(20)
    espaciada = " ".join(semilla[i:i + 4] for i in range(0, len(semilla), 4)).lower()
    assert actions.secreto_a_hex(espaciada) == bytes(range(1, 21)).hex()


def test_a_seed_whose_length_needs_padding_is_read():
    semilla = _b32(11)  # 18 characters: needs 6 "=" to decode
    assert len(semilla) % 8
    assert actions.secreto_a_hex(semilla) == bytes(range(1, 12)).hex()


def test_eighty_bits_is_the_shortest_seed():
    assert actions.secreto_a_hex(_b32(10)) == bytes(range(1, 11)).hex()
    with pytest.raises(AccionRechazada) as exc:
        actions.secreto_a_hex(_b32(9))
    assert _mensaje(exc) == "La semilla del token es demasiado corta (mínimo 80 bits)."


@pytest.mark.parametrize("semilla", ["no-es-base32!", "18", None, ""])
def test_a_seed_that_is_not_base32_is_refused_with_its_reason(semilla):
    with pytest.raises(AccionRechazada) as exc:
        actions.secreto_a_hex(semilla)
    assert _mensaje(exc) in ("La semilla del token no es un texto base32 válido.",
                             "La semilla del token es demasiado corta (mínimo 80 bits).")
    if semilla and "!" in semilla:
        assert _mensaje(exc) == "La semilla del token no es un texto base32 válido."


# --- validar_cupo -----------------------------------------------------------------------------


def test_the_quota_may_equal_the_tokens_in_use_but_not_go_below():
    assert actions.validar_cupo(3, 3) == ""
    assert actions.validar_cupo(4, 3) == ""
    assert actions.validar_cupo(2, 3) == (
        "No es posible fijar el cupo en 2: la empresa tiene 3 tokens en uso.")


# --- verificar_token_fisico ---------------------------------------------------------------------

SEMILLA = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def otro(empresa):
    from tests.factories import crear_secundario

    return crear_secundario(empresa, username="otrousuario")


@pytest.mark.django_db
@pytest.mark.parametrize("serial", ["", None, "abc12", "PHY 0001", "Ñ" * 8, "A" * 21])
def test_a_malformed_serial_is_refused(secundario, serial):
    with pytest.raises(AccionRechazada) as exc:
        actions.verificar_token_fisico(secundario, serial)
    assert _mensaje(exc) == "El número de serie no es válido."


@pytest.mark.django_db
def test_the_serial_is_trimmed_and_upper_cased(secundario):
    assert actions.verificar_token_fisico(secundario, "  phy0001 ") == "PHY0001"


@pytest.mark.django_db
def test_a_user_of_no_company_gets_no_physical_token(staff):
    with pytest.raises(AccionRechazada) as exc:
        actions.verificar_token_fisico(staff, "PHY0001")
    assert _mensaje(exc) == "El usuario no pertenece a una empresa."


@pytest.mark.django_db
def test_a_serial_already_used_by_a_physical_or_a_virtual_token_is_refused(empresa, secundario, otro, staff):
    from tokens.models import TokenVirtual

    actions.do_cargar_token_fisico(otro, "PHY0001", SEMILLA, actor=staff)
    TokenVirtual.objects.create(empresa=empresa, serial="FEF4900099")
    for serial in ("phy0001", "FEF4900099"):
        with pytest.raises(AccionRechazada) as exc:
            actions.verificar_token_fisico(secundario, serial)
        assert _mensaje(exc) == "Ese número de serie ya existe."
    assert actions.verificar_token_fisico(secundario, "PHY0002") == "PHY0002"


@pytest.mark.django_db
@pytest.mark.parametrize("estado,refusado", [("ACTIVO", True), ("INACTIVO", True), ("ASIGNADO", False),
                                             ("DISPONIBLE", False)])
def test_a_user_with_a_virtual_token_in_use_gets_no_physical_one(empresa, secundario, otro, estado, refusado):
    from tokens.models import TokenVirtual

    # Another user's token in that state changes nothing for this one.
    TokenVirtual.objects.create(empresa=empresa, serial="FEF4900098", usuario=otro, estado="ACTIVO")
    TokenVirtual.objects.create(empresa=empresa, serial="FEF4900099",
                                usuario=None if estado == "DISPONIBLE" else secundario, estado=estado)
    if not refusado:
        assert actions.verificar_token_fisico(secundario, "PHY0001") == "PHY0001"
        return
    with pytest.raises(AccionRechazada) as exc:
        actions.verificar_token_fisico(secundario, "PHY0001")
    assert _mensaje(exc) == "El usuario ya usa un token virtual; el token físico quedó inhabilitado."


@pytest.mark.django_db
def test_one_active_physical_token_per_user(secundario, otro, staff):
    from tokens.models import TokenFisico

    actions.do_cargar_token_fisico(otro, "PHY0001", SEMILLA, actor=staff)
    assert actions.verificar_token_fisico(secundario, "PHY0002") == "PHY0002"  # another user's token: no matter
    propio = actions.do_cargar_token_fisico(secundario, "PHY0002", SEMILLA, actor=staff)
    with pytest.raises(AccionRechazada) as exc:
        actions.verificar_token_fisico(secundario, "PHY0003")
    assert _mensaje(exc) == "El usuario ya tiene un token físico activo."
    TokenFisico.objects.filter(pk=propio.pk).update(estado=TokenFisico.Estado.INHABILITADO)
    assert actions.verificar_token_fisico(secundario, "PHY0003") == "PHY0003"


@pytest.mark.parametrize("codigo", ["²²²²²²", "١٢٣٤٥٦", "１２３４５６"])
def test_enrolment_code_is_ascii_digits(codigo):
    """Digits of other scripts pass str.isdigit(), never a code the application shows."""
    from tokens.forms import CodigoEnrolamientoForm

    form = CodigoEnrolamientoForm({"codigo": codigo})
    assert not form.is_valid() and form.errors["codigo"] == ["El código tiene solo dígitos."]
