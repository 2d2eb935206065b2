"""Generator of the demo world (examples/world): zones, DNSSEC, daemon configs, routing data.

Everything is derived from ../sites.json (the single source of truth). The modules:
  model     loads sites.json, applies the defaults, answers "which zone holds this name"
  zones     the records of every zone (DNS data for sites, mail, infrastructure)
  dnssec    keys (cached in the state dir), DS records, signing with ldns-signzone
  routing   Team-Cymru-style origin zones and the VRP JSON (rpki-client format)
  daemons   nsd, unbound, nginx and hostile-server configurations
  outputs   world.json / world.env / the address list `up` assigns to the namespace
"""
