"""Performance benchmark: seeded data (:mod:`.data`), timed runs in child processes
(:mod:`.measure`, :mod:`.child`) and the results page (:mod:`.report`)."""
