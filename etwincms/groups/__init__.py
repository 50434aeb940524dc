"""Transnational working groups of a space: groups that mix partner schools and languages.

A teacher asks for a suggestion (balanced across schools, pupils and languages), edits it
and saves it; each group gets its own subtree of pages under "Working groups", which only
its members and the space's teachers and admins may read (enforced through the
``narrow_permission`` hook), and announces itself through the ``groups_group_saved`` hook
so that the forum plugin can open a group-only category.
"""
