"""Bundled place-name, status and developer-text vocabularies that detectors check values
and named entities against.

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

#: Software, platforms and tech vendors that spaCy's small English model tags as people, places
#: or organisations in developer text ("failed on Windows 10", "sent by Jenkins", "Postgres
#: is down"). NER drops an entity that is one of these, or starts with one ("Docker Hub",
#: "Windows Server"); version words ("10", "3.12", "x64") are ignored. Names that are also
#: common first names (Ruby, Julia, Travis) are left out on purpose.
TECHNOLOGY_NAMES = _folded(
    # Operating systems and distributions.
    "Windows", "Linux", "GNU", "macOS", "OSX", "Mac", "MacOS", "iOS", "iPadOS", "watchOS",
    "Android", "Ubuntu", "Debian", "CentOS", "Fedora", "RHEL", "Red Hat", "Alpine", "Arch",
    "FreeBSD", "OpenBSD", "Unix", "Solaris", "ChromeOS", "Raspbian", "WSL",
    # Clouds and hosting.
    "AWS", "Amazon Web Services", "Azure", "GCP", "Google Cloud", "Heroku", "DigitalOcean",
    "Cloudflare", "Netlify", "Vercel", "Lambda", "Fargate", "CloudFront", "CloudWatch",
    "BigQuery", "Redshift", "Snowflake", "Databricks", "Firebase", "Supabase", "OpenStack",
    "VMware", "VirtualBox", "Hyper-V", "Proxmox",
    # Containers, CI/CD and infrastructure.
    "Docker", "Kubernetes", "K8s", "Helm", "Podman", "OpenShift", "Istio", "Envoy", "Nomad",
    "Consul", "Vault", "Terraform", "Ansible", "Puppet", "Vagrant", "Packer", "Jenkins",
    "GitHub", "GitLab", "Bitbucket", "Gitea", "CircleCI", "TeamCity", "Buildkite", "ArgoCD",
    "Argo", "Tekton", "Spinnaker", "Dependabot", "Renovate", "SonarQube", "Artifactory",
    "Nexus", "Git", "Subversion", "Mercurial",
    # Languages, runtimes and frameworks.
    "Python", "CPython", "PyPy", "Java", "JavaScript", "TypeScript", "Kotlin", "Scala",
    "Golang", "Perl", "PHP", "Node", "Node.js", "NodeJS", "Deno", "Bun", "Rust", "Haskell",
    "Erlang", "Elixir", "Clojure", "Lua", "Dart", "Flutter", "Swift", "Objective-C", "Groovy",
    "Fortran", "COBOL", "Django", "Flask", "FastAPI", "Rails", "Laravel", "Symfony", "Spring",
    "Spring Boot", "Hibernate", "React", "Angular", "Vue", "Svelte", "Next.js", "Nuxt",
    "Webpack", "Vite", "Babel", "jQuery", "Bootstrap", "Tailwind", "Electron", ".NET",
    "ASP.NET", "Xamarin", "Unity", "Unreal",
    # Databases, queues and data tools.
    "Postgres", "PostgreSQL", "MySQL", "MariaDB", "SQLite", "MongoDB", "Mongo", "Redis",
    "Memcached", "Elasticsearch", "OpenSearch", "Kibana", "Logstash", "Kafka", "RabbitMQ",
    "ZooKeeper", "DynamoDB", "Cassandra DB", "CouchDB", "ClickHouse", "InfluxDB", "Neo4j",
    "Hadoop", "HDFS", "Hive", "Presto", "Trino", "Airflow", "Dask", "Spark", "Flink", "Pandas",
    "NumPy", "SciPy", "TensorFlow", "PyTorch", "Keras", "Jupyter", "SQL Server", "Oracle DB",
    # Browsers, editors, build and test tools.
    "Chrome", "Chromium", "Firefox", "Safari", "Edge", "Opera", "Brave", "Xcode", "CocoaPods",
    "VSCode", "VS Code", "Visual Studio", "IntelliJ", "PyCharm", "Eclipse", "Vim", "Neovim",
    "Emacs", "Gradle", "Maven", "npm", "Yarn", "pnpm", "pip", "Conda", "Anaconda", "Homebrew",
    "Bash", "Zsh", "PowerShell", "Jest", "Mocha", "Cypress", "Selenium", "Playwright",
    "Pytest", "Tox", "JUnit", "ESLint", "Prettier", "Pylint", "Swagger", "OpenAPI", "GraphQL",
    "gRPC", "Protobuf", "Postman", "Nginx", "Apache", "Tomcat", "IIS", "Gunicorn", "Uvicorn",
    "HAProxy", "Traefik", "Caddy", "OpenSSL", "OpenSSH", "systemd", "cron",
    # Hosted services and collaboration tools.
    "Slack", "Jira", "Confluence", "Trello", "Asana", "Notion", "Zoom", "Teams",
    "Microsoft Teams", "Outlook", "Gmail", "Office 365", "Excel", "PowerPoint", "SharePoint",
    "OneDrive", "Dropbox", "Figma", "Sentry", "Datadog", "Grafana", "Prometheus", "Splunk",
    "PagerDuty", "New Relic", "Zendesk", "Stripe", "Twilio", "SendGrid", "Mailgun", "Okta",
    "Auth0", "Keycloak", "Zapier", "Salesforce", "HubSpot", "Shopify", "WordPress",
    # Vendors whose names stand for their platforms in developer text.
    "Google", "Microsoft", "Amazon", "Apple", "IBM", "Intel", "AMD", "Nvidia", "Qualcomm",
    "Cisco", "Oracle", "Mozilla", "OpenAI", "Anthropic", "Meta", "Facebook", "Twitter",
    "YouTube", "LinkedIn", "Atlassian", "JetBrains", "HashiCorp", "Canonical", "Samsung",
    "Huawei", "Xiaomi",
    # Build tool chains.
    "Darwin", "Readline", "Zlib", "MacPorts", "Cygwin", "MinGW", "MSYS", "Miniconda",
    "Miniforge", "Jython", "IronPython", "MicroPython", "LLVM", "Clang", "GCC", "CMake",
    # Words of repositories and protocols, written in capitals.
    "README", "LICENSE", "CHANGELOG", "CONTRIBUTING", "AUTHORS", "NOTICE", "TODO", "FIXME",
    "Makefile", "Dockerfile", "API", "SDK", "CLI", "GUI", "JSON", "YAML", "XML", "HTML",
    "CSS", "SQL", "HTTP", "HTTPS", "REST", "SSH", "DNS", "TLS", "SSL", "CORS", "OAuth",
    "JWT", "CSV", "PDF", "UTF", "ASCII", "CPU", "GPU", "RAM", "BIOS", "USB", "VPN", "LDAP",
)  # fmt: skip

#: Verbs that open commit messages, ticket titles and log lines ("Add Dependabot config",
#: "Drop Travis integration", "Configure Datadog"). The small model reads the capitalised verb
#: and the name after it as one person or organisation. Verbs that are also first names
#: (Bill, Mark, Will, Chase, Grant, Rob, Drew, Pat, Sue) are left out on purpose.
COMMAND_VERBS = _folded(
    "Add", "Adds", "Added", "Adding", "Remove", "Removes", "Removed", "Drop", "Dropped", "Use",
    "Uses", "Skip", "Prefer", "Fix", "Fixes", "Fixed", "Update", "Updates", "Updated",
    "Bump", "Merge", "Merged", "Revert", "Reverts", "Refactor", "Upgrade", "Upgraded",
    "Downgrade", "Migrate", "Move", "Moved", "Rename", "Renamed", "Replace", "Replaced",
    "Support", "Allow", "Enable", "Disable", "Implement", "Introduce", "Improve", "Increase",
    "Decrease", "Reduce", "Set", "Make", "Create", "Created", "Delete", "Deleted", "Install",
    "Installed", "Configure", "Deploy", "Deployed", "Release", "Build", "Run", "Test",
    "Handle", "Document", "Clean", "Cleanup", "Switch", "Change", "Changed", "Ensure", "Avoid",
    "Default", "Pin", "Unpin", "Check", "Validate", "Log", "Show", "Hide", "Display", "Expose",
    "Extract", "Split", "Convert", "Restore", "Reset", "Rewrite", "Simplify", "Optimize",
    "Investigate", "Stop", "Start", "Restart", "Rollback", "Patch", "Sync", "Load", "Save",
    "Export", "Import", "Parse", "Send", "Fetch", "Get", "Read", "Write", "Open", "Close",
    "Find", "Search", "Sort", "Filter", "Retry", "Register", "Registering", "Initialize",
    "Initializing", "Starting", "Stopping", "Loading", "Running", "Checking", "Connecting",
    "Tweak", "Polish", "Format", "Lint", "Generate", "Regenerate", "Prepare", "Publish",
    "Apply", "Require", "Deprecate", "Wrap", "Unwrap", "Inline", "Cache", "Mock", "Stub",
)  # fmt: skip
