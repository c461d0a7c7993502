"""`make bench`: every section in turn, each printing its own figures."""

from bench import engine_start, lighthouse, service_worker

SECTIONS = [engine_start, service_worker, lighthouse]

for section in SECTIONS:
    section.run()
