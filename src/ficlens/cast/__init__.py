"""The cast: characters, every form that names them, and where they are mentioned.

The cast step is `build.build_cast`; the rules live in modules named for what they do (see `build.py`).
"""

from ficlens.cast.cast import NARRATOR, Cast, Member
from ficlens.cast.names import NameParts, parse_name
from ficlens.cast.packs import Pack, PackCharacter, available_packs, load_pack, pack_named

__all__ = [
    "NARRATOR", "Cast", "Member", "NameParts", "Pack", "PackCharacter", "available_packs", "load_pack",
    "pack_named", "parse_name",
]
