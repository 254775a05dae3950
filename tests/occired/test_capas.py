"""The layers run one way (import-linter) and no two of our files import each other, even indirectly."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

RAIZ = Path(__file__).resolve().parents[2]
# The same packages import-linter checks (pyproject.toml), so a new app is in both or neither.
PAQUETES = tomllib.loads((RAIZ / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


def test_layers_contract_is_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    r = subprocess.run([str(lint)], cwd=RAIZ, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]


def _ciclos(grafo: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    indice, bajo, en_pila, pila, ciclos, contador = {}, {}, set(), [], [], [0]
    for inicio in grafo:
        if inicio in indice:
            continue
        trabajo = [(inicio, iter(sorted(grafo[inicio])))]
        indice[inicio] = bajo[inicio] = contador[0]
        contador[0] += 1
        pila.append(inicio)
        en_pila.add(inicio)
        while trabajo:
            nodo, hijos = trabajo[-1]
            for hijo in hijos:
                if hijo not in indice:
                    indice[hijo] = bajo[hijo] = contador[0]
                    contador[0] += 1
                    pila.append(hijo)
                    en_pila.add(hijo)
                    trabajo.append((hijo, iter(sorted(grafo[hijo]))))
                    break
                if hijo in en_pila:
                    bajo[nodo] = min(bajo[nodo], indice[hijo])
            else:
                trabajo.pop()
                if trabajo:
                    bajo[trabajo[-1][0]] = min(bajo[trabajo[-1][0]], bajo[nodo])
                if bajo[nodo] == indice[nodo]:
                    componente = []
                    while True:
                        m = pila.pop()
                        en_pila.discard(m)
                        componente.append(m)
                        if m == nodo:
                            break
                    if len(componente) > 1:
                        ciclos.append(sorted(componente))
    return ciclos


def test_no_import_cycle_between_files():
    sys.path.insert(0, str(RAIZ))
    g = grimp.build_graph(*PAQUETES, exclude_type_checking_imports=True)
    modulos = {m for m in g.modules if ".migrations" not in m}
    grafo = {m: {i for i in g.find_modules_directly_imported_by(m) if i in modulos} for m in modulos}
    assert _ciclos(grafo) == []


def test_cycle_finder_finds_a_cycle():
    assert _ciclos({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
