"""What samen publishes outside its pages: a calendar feed per user (ics.py) and the ORI export of public
meetings (ori.py). Both are built from the records and the rules' answer, never stored."""
