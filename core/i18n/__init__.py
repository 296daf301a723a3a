"""Messages, not prose: what the engine tells a person is a message id with typed arguments
(money with its currency, counts, shares, dates, names), turned into English or German by one
rendering layer (gettext catalogs for the words and plural forms, Babel for numbers, money,
percentages, dates and lists) used alike by the GUI, the CLI and the PDF."""
