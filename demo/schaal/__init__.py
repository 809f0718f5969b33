"""Scale data: ``manage.py demo_data --omvang schaal`` (150,000 trajecten, 100,000 klanten).

The journeys come from :mod:`demo.plan`, the same planner the demo uses; here they
become rows and go into PostgreSQL with COPY, in chunks of a few thousand trajecten, so memory
stays flat and 150,000 trajecten take minutes. What the services would have written is written
here in the same shape (event data, versions, product statuses; the journey itself from the
catalogue through ``trajecten.historie``), and the clocks are computed with the functions
``trajecten.normbewaking.herbereken`` uses (tests/demo/test_demo_schaal.py checks a sample
against ``herbereken`` itself).

Like ``urls.py``, this package composes the apps (it imports trajecten, klantplan and
vroegsignalering), so it sits in the project package and nothing imports it but the command,
the demo story and the benchmarks.

Meant for a database of its own (``bench_schuldhulp``): it refuses to add to a database that
already holds scale data.

- :mod:`.generator`: :func:`genereer` and :func:`schrijf_trajecten`;
- :mod:`.context`: names, gemeenten, agreements, users, the klanten's chains of trajecten;
- :mod:`.schrijver`: a chunk of journeys into rows; :mod:`.gebeurtenissen`: their events;
- :mod:`.klokken`, :mod:`.klantplannen`, :mod:`.vroegsignalen`: what hangs under them;
- :mod:`.kopie`: COPY and id blocks (also used by ``bench/normjob.py``).
"""

from demo.schaal.generator import genereer, schrijf_trajecten, zorg_voor_schuldeisers
from demo.schaal.kopie import kopieer, reserveer_ids

__all__ = ["genereer", "kopieer", "reserveer_ids", "schrijf_trajecten", "zorg_voor_schuldeisers"]
