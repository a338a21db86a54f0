"""Lead exports from a CRM: reading them, qualifying every lead, and the funnel over stage events."""
