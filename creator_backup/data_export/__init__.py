"""Pinterest's own data export ("Request your data"): read safely, parse tolerantly, and
import into the archive with its own provenance. Works with no login and no network."""
