"""`smartcity sanitation cvrp FILE.vrp --seconds N [--seed S]`: solve a CVRPLIB/VRPLIB instance
with the collection planner's solver and print the routes as a CVRPLIB .sol (`Route #k: ...`)
and `cost N`; with a .sol beside the file, the best known cost and the gap in %."""
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

EXIT_BAD_INPUT = 2


def register(sub) -> None:
    """Add this part's sub-commands (each sets `handler=fn(command, options)`)."""
    p = sub.add_parser("cvrp", help="solve a CVRPLIB/VRPLIB instance (.vrp) and print its routes and cost")
    p.add_argument("file", type=Path, help="instance in VRPLIB format (EUC_2D, CEIL_2D or EXPLICIT distances)")
    p.add_argument("--seconds", type=float, default=10.0, help="time budget (default 10 s)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--max-iterations", type=int, help="stop after this many iterations if earlier than --seconds")
    p.add_argument("--vehicles", type=int, help="fleet size limit (default: the file's VEHICLES, else as many as needed)")
    p.set_defaults(handler=cvrp_command)


def cvrp_command(command, options) -> None:
    from smartcity.sanitation.vrp import solve
    from smartcity.sanitation.vrp.vrplib import (
        VrplibError,
        format_routes,
        read_instance,
        read_solution,
        solution_beside,
    )

    path = options["file"]
    if options["seconds"] <= 0:
        raise CommandError(_("--seconds must be positive"), returncode=EXIT_BAD_INPUT)
    try:
        instance = read_instance(path)
    except VrplibError as exc:
        raise CommandError(_("cannot use this instance: %(reason)s") % {"reason": exc}, returncode=EXIT_BAD_INPUT) from None
    vehicles = options.get("vehicles") or instance.vehicles
    try:
        sol = solve(instance.distance, instance.demands, instance.capacity, vehicles=vehicles,
                    seconds=options["seconds"], seed=options["seed"], max_iterations=options.get("max_iterations"))
    except ValueError as exc:  # e.g. a client heavier than a vehicle
        raise CommandError(_("cannot use this instance: %(reason)s") % {"reason": exc}, returncode=EXIT_BAD_INPUT) from None
    out = command.stdout
    command.stderr.write(f"{instance.name}: {instance.clients} clients, capacity {instance.capacity}, "
                         f"{len(sol.routes)} routes, {sol.seconds:.1f} s, {sol.iterations} iterations")
    for line in format_routes(sol.routes):
        out.write(line)
    out.write(f"cost {sol.cost}")
    if not sol.feasible:
        out.write("infeasible (too few vehicles for the demand)")
    sol_path = solution_beside(path)
    if sol_path is not None:
        try:
            best = read_solution(sol_path)
        except VrplibError as exc:
            command.stderr.write(f"best known solution not read: {exc}")
        else:
            gap = 100.0 * (sol.cost - best.cost) / best.cost if best.cost else float("nan")
            out.write(f"best known {best.cost} ({sol_path.name})")
            out.write(f"gap {gap:.2f} %")
    if not sol.feasible:
        raise CommandError(_("no feasible plan with %(n)s vehicles") % {"n": vehicles}, returncode=1)
