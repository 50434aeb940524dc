"""The report pack for the Erasmus+ programme and the Quality Label evidence view."""
