"""Bundled place-name and status vocabularies that profile detectors check values against.

The lists are small and fixed on purpose: they make a verdict explainable ("92% of the values
are US state codes") and need no download. Every set holds case-folded strings; compare with
:func:`fold`.

Regions cover the United States (states, DC, territories, military codes), Canada, Australia,
Germany and the nations of the United Kingdom. Other countries' regions are accepted by
:class:`detectors.address.StateDetector` on shape alone when the field is named ``province``,
``region`` or ``county`` (see there).
"""

from __future__ import annotations


def fold(value: str) -> str:
    """Case-fold and normalise separators so ``"New_York"``, ``"new-york"`` and
    ``"New York"`` compare equal."""
    return " ".join(value.replace("_", " ").replace("-", " ").split()).casefold()


def _folded(*names: str) -> frozenset[str]:
    return frozenset(fold(n) for n in names)


US_STATES = _folded(
    "AL", "Alabama", "AK", "Alaska", "AZ", "Arizona", "AR", "Arkansas", "CA", "California",
    "CO", "Colorado", "CT", "Connecticut", "DE", "Delaware", "FL", "Florida", "GA", "Georgia",
    "HI", "Hawaii", "ID", "Idaho", "IL", "Illinois", "IN", "Indiana", "IA", "Iowa",
    "KS", "Kansas", "KY", "Kentucky", "LA", "Louisiana", "ME", "Maine", "MD", "Maryland",
    "MA", "Massachusetts", "MI", "Michigan", "MN", "Minnesota", "MS", "Mississippi",
    "MO", "Missouri", "MT", "Montana", "NE", "Nebraska", "NV", "Nevada", "NH", "New Hampshire",
    "NJ", "New Jersey", "NM", "New Mexico", "NY", "New York", "NC", "North Carolina",
    "ND", "North Dakota", "OH", "Ohio", "OK", "Oklahoma", "OR", "Oregon", "PA", "Pennsylvania",
    "RI", "Rhode Island", "SC", "South Carolina", "SD", "South Dakota", "TN", "Tennessee",
    "TX", "Texas", "UT", "Utah", "VT", "Vermont", "VA", "Virginia", "WA", "Washington",
    "WV", "West Virginia", "WI", "Wisconsin", "WY", "Wyoming",
    "DC", "District of Columbia", "Washington DC", "Washington D.C.",
    "PR", "Puerto Rico", "GU", "Guam", "VI", "Virgin Islands", "U.S. Virgin Islands",
    "AS", "American Samoa", "MP", "Northern Mariana Islands", "AA", "AE", "AP",
    "FM", "Federated States of Micronesia", "MH", "Marshall Islands", "PW", "Palau", "UM",
)  # fmt: skip

CA_PROVINCES = _folded(
    "AB", "Alberta", "BC", "British Columbia", "Colombie-Britannique", "MB", "Manitoba",
    "NB", "New Brunswick", "Nouveau-Brunswick", "NL", "Newfoundland and Labrador",
    "Newfoundland", "Terre-Neuve-et-Labrador", "NS", "Nova Scotia", "Nouvelle-Écosse",
    "NT", "Northwest Territories", "NU", "Nunavut", "ON", "Ontario", "PE",
    "Prince Edward Island", "Île-du-Prince-Édouard", "QC", "Quebec", "Québec",
    "SK", "Saskatchewan", "YT", "Yukon",
)  # fmt: skip

AU_STATES = _folded(
    "NSW", "New South Wales", "VIC", "Victoria", "QLD", "Queensland", "WA",
    "Western Australia", "SA", "South Australia", "TAS", "Tasmania", "ACT",
    "Australian Capital Territory", "NT", "Northern Territory",
)  # fmt: skip

DE_STATES = _folded(
    "Baden-Württemberg", "Bavaria", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg",
    "Hesse", "Hessen", "Lower Saxony", "Niedersachsen", "Mecklenburg-Vorpommern",
    "Mecklenburg-Western Pomerania", "North Rhine-Westphalia", "Nordrhein-Westfalen",
    "Rhineland-Palatinate", "Rheinland-Pfalz", "Saarland", "Saxony", "Sachsen",
    "Saxony-Anhalt", "Sachsen-Anhalt", "Schleswig-Holstein", "Thuringia", "Thüringen",
    "BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH",
)  # fmt: skip

UK_NATIONS = _folded("England", "Scotland", "Wales", "Northern Ireland")

#: Every region name or code in the bundled lists.
REGIONS: frozenset[str] = US_STATES | CA_PROVINCES | AU_STATES | DE_STATES | UK_NATIONS

COUNTRIES = _folded(
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Antigua and Barbuda",
    "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan", "Bahamas", "Bahrain",
    "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize", "Benin", "Bhutan", "Bolivia",
    "Bosnia and Herzegovina", "Botswana", "Brazil", "Brunei", "Bulgaria", "Burkina Faso",
    "Burundi", "Cabo Verde", "Cape Verde", "Cambodia", "Cameroon", "Canada",
    "Central African Republic", "Chad", "Chile", "China", "Colombia", "Comoros", "Congo",
    "Costa Rica", "Croatia", "Cuba", "Cyprus", "Czechia", "Czech Republic", "Denmark",
    "Djibouti", "Dominica", "Dominican Republic", "Ecuador", "Egypt", "El Salvador",
    "Equatorial Guinea", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland",
    "France", "Gabon", "Gambia", "Georgia", "Germany", "Ghana", "Greece", "Grenada",
    "Guatemala", "Guinea", "Guinea-Bissau", "Guyana", "Haiti", "Honduras", "Hong Kong",
    "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy",
    "Ivory Coast", "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kiribati", "Kosovo",
    "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Lesotho", "Liberia", "Libya",
    "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar", "Malawi", "Malaysia",
    "Maldives", "Mali", "Malta", "Marshall Islands", "Mauritania", "Mauritius", "Mexico",
    "Micronesia", "Moldova", "Monaco", "Mongolia", "Montenegro", "Morocco", "Mozambique",
    "Myanmar", "Namibia", "Nauru", "Nepal", "Netherlands", "New Zealand", "Nicaragua",
    "Niger", "Nigeria", "North Korea", "North Macedonia", "Norway", "Oman", "Pakistan",
    "Palau", "Palestine", "Panama", "Papua New Guinea", "Paraguay", "Peru", "Philippines",
    "Poland", "Portugal", "Qatar", "Romania", "Russia", "Russian Federation", "Rwanda",
    "Saint Kitts and Nevis", "Saint Lucia", "Saint Vincent and the Grenadines", "Samoa",
    "San Marino", "Sao Tome and Principe", "Saudi Arabia", "Senegal", "Serbia", "Seychelles",
    "Sierra Leone", "Singapore", "Slovakia", "Slovenia", "Solomon Islands", "Somalia",
    "South Africa", "South Korea", "Korea", "South Sudan", "Spain", "Sri Lanka", "Sudan",
    "Suriname", "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania",
    "Thailand", "Timor-Leste", "East Timor", "Togo", "Tonga", "Trinidad and Tobago",
    "Tunisia", "Turkey", "Türkiye", "Turkmenistan", "Tuvalu", "Uganda", "Ukraine",
    "United Arab Emirates", "UAE", "United Kingdom", "UK", "Great Britain", "United States",
    "United States of America", "USA", "US", "Uruguay", "Uzbekistan", "Vanuatu",
    "Vatican City", "Venezuela", "Vietnam", "Viet Nam", "Yemen", "Zambia", "Zimbabwe",
    "Deutschland", "España", "Italia", "Brasil", "Nederland", "Österreich", "Schweiz",
    "Suisse", "Polska", "Sverige", "Norge", "Danmark", "Suomi",
)  # fmt: skip

#: Words of workflow statuses and flags: a field named ``state`` holding these is a status.
STATUS_WORDS = _folded(
    "active", "inactive", "pending", "shipped", "shipping", "delivered", "cancelled",
    "canceled", "open", "opened", "closed", "new", "done", "failed", "failure", "running",
    "completed", "complete", "success", "succeeded", "successful", "error", "draft", "paid",
    "unpaid", "refunded", "processing", "processed", "hold", "awaiting", "waiting", "queued",
    "approved", "rejected", "declined", "expired", "suspended", "disabled", "enabled",
    "archived", "deleted", "verified", "unverified", "blocked", "locked", "unlocked", "off",
    "true", "false", "yes", "no", "ok", "started", "stopped", "paused", "progress",
    "returned", "backordered", "fulfilled", "unfulfilled", "confirmed", "submitted", "review",
    "published", "unpublished", "scheduled", "sent", "received", "accepted", "resolved",
    "escalated", "assigned", "unassigned", "idle", "busy", "online", "offline", "available",
    "unavailable", "up", "down", "ready", "valid", "invalid", "live", "trial", "init",
    "initial", "created", "updated", "terminated", "killed", "retry", "retrying", "timeout",
    "aborted", "partial", "settled", "void", "voided", "authorized", "captured", "dispatched",
    "transit", "lost", "damaged", "todo", "healthy", "unhealthy", "degraded",
)  # fmt: skip

#: Sales and continental regions: a ``region`` field of these is no part of an address.
MACRO_REGIONS = _folded(
    "EMEA", "APAC", "LATAM", "AMER", "NA", "NAM", "EU", "Americas", "Europe", "Asia",
    "Africa", "Oceania", "Antarctica", "North America", "South America", "Latin America",
    "Central America", "Middle East", "Asia Pacific", "Global", "Worldwide", "Domestic",
    "International", "Nordics", "DACH", "Benelux", "ANZ", "North", "South", "East", "West",
    "Central",
)  # fmt: skip

#: Stand-ins for "no value" that say nothing about a field's category.
PLACEHOLDERS = _folded(
    "unknown", "none", "null", "nil", "na", "n/a", "n.a.", "tbd", "tba", "test", "other",
    "undefined", "empty", "missing", "-", "--", "?", "xxx", "not applicable",
)  # fmt: skip
