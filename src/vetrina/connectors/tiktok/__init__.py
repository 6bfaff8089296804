"""TikTok's side of the connector: its HTTP APIs (client), and what they return made into a line of the
import format (records)."""
