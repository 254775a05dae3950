# The same formats in English: a bank's dates do not change with the language.
from occired.formatos.es.formats import *  # noqa: F403
