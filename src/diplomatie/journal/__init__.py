"""The journal: the two-pane screen that replaces the mailbox."""
