"""Word-problem templates about rates, time and measures: speeds, trips, work done together,
recipes, units, reading plans, tanks, stock, fences, tiles, harvests and films.

Each template draws its numbers, states them with ``@`` markers in one of several
phrasings, adds one graph quantity per step, and names its answer's closed formula over
the printed numbers (see :mod:`._story`).
"""

from __future__ import annotations

from math import gcd

from cotforge.generators.math._story import Hook, Story


def two_legs(s: Story) -> None:
    p = s.person()
    vehicle = s.pick(("drives", "cycles", "rides the bus"))
    fast = vehicle != "cycles"
    s.num("t1", s.rng.randint(2, 5))
    s.num("v1", s.rng.randint(6, 12) * (10 if fast else 2))
    s.num("t2", s.rng.randint(1, 4))
    s.num("v2", s.rng.randint(5, 12) * (10 if fast else 2))
    s.say(f"{p.name} {vehicle} for @t1 hours at @v1 km per hour and then for @t2 hours at @v2 km per hour.",
          f"On a trip, {p.name} {vehicle} @t1 hours at an average of @v1 km/h, then @t2 more hours at @v2 km/h.")
    a = s.calc("*", "@t1", "@v1", "The first part is {} km.")
    b = s.calc("*", "@t2", "@v2", "The second part is {} km.")
    total = s.calc("+", a, b, f"{p.name} travels {{}} km in all.")
    s.distract(f"{p.name} left home at @dep in the morning.", "The road has @lanes lanes.")
    s.num("dep", s.rng.randint(6, 9))
    s.num("lanes", s.rng.randint(2, 4))
    s.answer(total, "t1 * v1 + t2 * v2", "", (f"How many kilometers does {p.name} travel?", "How far does the trip go, in kilometers?"),
             Hook("measure", p, "kilometers"))


def trip_minutes(s: Story) -> None:
    p = s.person()
    v = s.num("v", s.pick((40, 45, 50, 60, 72, 75, 80, 90, 120)))
    minutes = s.rng.randint(2, 30) * 10
    s.num("d", v * minutes / 60)
    place = s.pick(("to the coast", "to a music festival", "to visit a cousin", "to the mountains", "to a job interview", "home"))
    s.say(f"{p.name} takes a train {place}; it travels @d km at a steady @v km per hour.",
          f"{p.name} drives @d km {place} at an average speed of @v km/h.", f"On the way {place}, {p.name} covers @d km at @v km/h.")
    hours = s.calc("/", "@d", "@v", "The trip takes {} hours.", "dec")
    mins = s.calc("*", hours, 60, "In minutes that is {}.")
    s.distract("The train has @cars cars.", f"{p.name} has @bags bags with {p.him}.")
    s.num("cars", s.rng.randint(4, 12))
    s.num("bags", s.rng.randint(1, 4))
    s.answer(mins, "d / v * 60", "", ("How many minutes does the trip take?", "How long is the trip in minutes?"))


def recipe(s: Story) -> None:
    p = s.person()
    thing, stuff = s.pick((("muffins", "flour"), ("pancakes", "milk"), ("cookies", "sugar"), ("loaves", "flour")))
    unit = "grams" if stuff != "milk" else "milliliters"
    s.num("batch", s.pick((6, 8, 10, 12, 15, 20, 24)))
    s.num("amount", s.rng.randint(2, 12) * 50)
    s.num("want", s.values["batch"] * s.rng.randint(2, 8))
    s.say(f"A recipe uses @amount {unit} of {stuff} to make @batch {thing}.", f"To bake @batch {thing} you need @amount {unit} of {stuff}.")
    s.say(f"{p.name} wants to make @want {thing}.", f"{p.name} is making @want {thing} for a party.")
    times = s.calc("/", "@want", "@batch", f"{p.name} needs {{}} batches.")
    total = s.calc("*", times, "@amount", f"That takes {{}} {unit} of {stuff}.")
    s.distract(f"Each {thing[:-1]} bakes for @mins minutes.", "The oven is set to @deg degrees.")
    s.num("mins", s.rng.randint(12, 30))
    s.num("deg", s.pick((180, 190, 200, 220)))
    s.answer(total, "want / batch * amount", "", (f"How many {unit} of {stuff} does {p.name} need?", f"How much {stuff} is needed, in {unit}?"),
             Hook("measure", p, f"{unit} of {stuff}"))


def rope(s: Story) -> None:
    p = s.person()
    piece = s.num("piece", s.pick((20, 25, 40, 50)))
    step = 100 // gcd(int(piece), 100)
    count = step * s.rng.randint(1, 40 // step)
    used = s.num("used", s.rng.randint(1, 5))
    s.num("m", used + piece * count / 100)
    s.say(f"{p.name} has a ribbon @m meters long.", f"A roll holds @m meters of ribbon, and {p.name} has one.")
    s.say(f"{p.He} uses @used meters for a banner and cuts the rest into pieces @piece centimeters long.",
          f"After using @used meters on a gift, {p.he} cuts what is left into @piece-centimeter pieces.")
    left = s.calc("-", "@m", "@used", "There are {} meters left.")
    cm = s.calc("*", left, 100, "That is {} centimeters.")
    pieces = s.calc("/", cm, "@piece", f"{p.name} cuts {{}} pieces.")
    s.distract("The ribbon cost @cost.", "The ribbon is @wide centimeters wide.")
    s.money("cost", s.rng.randint(3, 12))
    s.num("wide", s.rng.randint(2, 5))
    s.answer(pieces, "(m - used) * 100 / piece", "", (f"How many pieces does {p.name} cut?", f"How many pieces of ribbon does {p.name} get?"),
             Hook("items", p, "pieces"))


def reading(s: Story) -> None:
    p = s.person()
    s.num("per", s.rng.randint(10, 40))
    s.num("days", s.rng.randint(3, 9))
    s.num("per2", s.rng.randint(10, 50))
    more = s.rng.randint(2, 9)
    s.num("pages", s.values["per"] * s.values["days"] + s.values["per2"] * more)
    s.say("A book has @pages pages.", f"{p.name}'s new novel is @pages pages long.")
    s.say(f"{p.name} reads @per pages a day for @days days, and after that @per2 pages a day.",
          f"For @days days {p.he} reads @per pages a day; then {p.he} speeds up to @per2 pages a day.")
    read = s.calc("*", "@per", "@days", f"In the first @days days {p.name} reads {{}} pages.")
    left = s.calc("-", "@pages", read, "That leaves {} pages.")
    days = s.calc("/", left, "@per2", "The rest takes {} more days.")
    s.distract("The book has @ch chapters.", f"{p.name} reads before bed at @bed.")
    s.num("ch", s.rng.randint(10, 40))
    s.num("bed", s.rng.randint(8, 10))
    ask = s.pick(("more", "total"))
    if ask == "more":
        s.answer(days, "(pages - per * days) / per2", "", (f"How many more days does {p.name} need to finish the book?",
                                                          "After the first @days days, how many days does the rest take?"))
    else:
        total = s.calc("+", "@days", days, f"Altogether {p.name} reads for {{}} days.")
        s.answer(total, "days + (pages - per * days) / per2", "", (f"How many days does {p.name} take to read the whole book?",
                                                                   "In how many days is the book finished?"))


def orchard(s: Story) -> None:
    p = s.person()
    fruit = s.pick(("apples", "pears", "lemons", "peaches", "plums"))
    s.num("rows", s.rng.randint(3, 12))
    s.num("trees", s.rng.randint(4, 15))
    s.num("each", s.rng.randint(10, 40))
    bag = s.pick((5, 6, 8, 10, 12))
    s.num("bag", bag)
    s.say(f"{p.name}'s orchard has @rows rows of @trees {fruit[:-1]} trees.", "An orchard has @rows rows with @trees trees in each row.")
    s.say(f"Each tree gives @each {fruit}, and {p.name} packs them into bags of @bag.", f"Every tree yields @each {fruit}; they are sold in bags of @bag.")
    trees = s.calc("*", "@rows", "@trees", "There are {} trees.")
    fruits = s.calc("*", trees, "@each", f"They give {{}} {fruit}.")
    bags = s.calc("/", fruits, "@bag", "That fills {} bags.")
    s.distract("The orchard is @age years old.", f"{p.name} hires @helpers helpers.")
    s.num("age", s.rng.randint(5, 60))
    s.num("helpers", s.rng.randint(2, 6))
    s.answer(bags, "rows * trees * each / bag", "", ("How many bags are filled?", f"How many full bags does {p.name} get?"), Hook("items", p, "bags"))


def tank(s: Story) -> None:
    rate = s.num("rate", s.rng.randint(4, 30))
    mins = s.rng.randint(5, 60)
    s.num("have", s.rng.randint(10, 200))
    s.num("size", s.values["have"] + rate * mins)
    s.say("A water tank holds @size liters and already has @have liters in it.", "A tank with room for @size liters contains @have liters.")
    s.say("A hose adds @rate liters every minute.", "Water flows in at @rate liters per minute.")
    room = s.calc("-", "@size", "@have", "The tank needs {} more liters.")
    mins_q = s.calc("/", room, "@rate", "Filling it takes {} minutes.")
    s.distract("The tank is @h meters tall.", "The hose is @len meters long.")
    s.num("h", s.rng.randint(2, 5))
    s.num("len", s.rng.randint(10, 30))
    s.answer(mins_q, "(size - have) / rate", "", ("How many minutes until the tank is full?", "How long does it take to fill the tank, in minutes?"))


def running_week(s: Story) -> None:
    p = s.person()
    s.num("wd", s.rng.randint(2, 9))
    s.num("we", s.rng.randint(5, 15))
    s.say(f"{p.name} runs @wd km on each weekday and @we km on each day of the weekend.",
          f"Every weekday {p.name} runs @wd km; on Saturday and on Sunday {p.he} runs @we km each.")
    a = s.calc("*", 5, "@wd", "On the five weekdays {} km.")
    b = s.calc("*", 2, "@we", "On the two weekend days {} km.")
    total = s.calc("+", a, b, f"In a week {p.name} runs {{}} km.")
    s.distract(f"{p.name}'s shoes cost @shoes.", f"{p.He} has run @races races.")
    s.money("shoes", s.rng.randint(40, 150))
    s.num("races", s.rng.randint(2, 20))
    s.answer(total, "5 * wd + 2 * we", "", (f"How many kilometers does {p.name} run in a week?", f"What distance does {p.name} run each week, in km?"),
             Hook("measure", p, "kilometers"))


def trip_buses(s: Story) -> None:
    cap = s.num("cap", s.pick((20, 25, 30, 40, 45, 50)))
    buses = s.rng.randint(2, 9)
    s.num("teachers", s.rng.randint(2, 12))
    s.num("students", cap * buses - s.values["teachers"])
    s.money("price", s.rng.randint(80, 300))
    s.say("@students students and @teachers teachers are going on a school trip.", "A school sends @students pupils and @teachers teachers on a trip.")
    s.say("Each bus holds @cap people and costs @price to hire.", "A bus seats @cap people and the hire of one bus is @price.")
    people = s.calc("+", "@students", "@teachers", "{} people go on the trip.")
    n = s.calc("/", people, "@cap", "They fill {} buses.")
    cost = s.calc("*", n, "@price", "The buses cost {}.", "$")
    s.distract("The trip is @km km away.", "They leave at @hour in the morning.")
    s.num("km", s.rng.randint(20, 150))
    s.num("hour", s.rng.randint(7, 9))
    s.answer(cost, "(students + teachers) / cap * price", "$", ("How much does the school pay for the buses?", "What is the total cost of the buses?"))


def stock(s: Story) -> None:
    thing = s.pick(("umbrellas", "water bottles", "notebooks", "flower pots", "footballs"))
    s.num("start", s.rng.randint(80, 400))
    s.num("mon", s.rng.randint(10, 40))
    s.num("delivery", s.rng.randint(20, 120))
    k = s.pick((2, 3))
    times = "twice" if k == 2 else "three times"
    s.say(f"A shop had @start {thing}.", f"At the start of the week a shop had @start {thing} in stock.")
    s.say(f"It sold @mon on Monday and {times} as many on Tuesday.", f"On Monday @mon were sold, and on Tuesday {times} that number.")
    s.say("On Wednesday a delivery brought @delivery more.", "Then @delivery more arrived on Wednesday.")
    tue = s.calc("*", "@mon", k, "On Tuesday {} were sold.")
    sold = s.calc("+", "@mon", tue, "In the two days {} were sold.")
    left = s.calc("-", "@start", sold, "That left {}.")
    now = s.calc("+", left, "@delivery", f"Now the shop has {{}} {thing}.")
    s.distract("The shop has @staff staff.", f"Each of the {thing} sells for @price.")
    s.num("staff", s.rng.randint(2, 9))
    s.money("price", s.rng.randint(3, 20))
    s.answer(now, f"start - mon - mon * {k} + delivery", "", (f"How many {thing} does the shop have now?", f"How many {thing} are in stock after the delivery?"),
             Hook("items", None, thing))


def fence(s: Story) -> None:
    p = s.person()
    s.num("l", s.rng.randint(5, 40))
    s.num("w", s.rng.randint(3, 30))
    s.money("price", s.rng.randint(3, 25))
    s.say(f"{p.name}'s garden is a rectangle @l meters long and @w meters wide.", "A rectangular garden measures @l m by @w m.")
    s.say(f"Fencing costs @price per meter, and {p.name} fences all the way around.", f"{p.name} wants a fence around it; fencing is @price a meter.")
    half = s.calc("+", "@l", "@w", "One length and one width make {} meters.")
    per = s.calc("*", half, 2, "The perimeter is {} meters.")
    cost = s.calc("*", per, "@price", "The fence costs {}.", "$")
    s.distract("The garden has @beds flower beds.", f"{p.name} planted @roses roses last year.")
    s.num("beds", s.rng.randint(2, 6))
    s.num("roses", s.rng.randint(5, 30))
    s.answer(cost, "(l + w) * 2 * price", "$", ("How much does the fence cost?", f"How many dollars does {p.name} spend on fencing?"), Hook("spend", p))


def tiles(s: Story) -> None:
    p = s.person()
    s.num("cover", s.pick((2, 3, 4, 5)))
    s.num("l", s.rng.randint(3, 12))
    s.num("w", s.rng.randint(3, 10))
    s.money("price", s.rng.randint(15, 60))
    s.say(f"{p.name} is tiling a floor @l meters by @w meters.", f"A kitchen floor is @l m long and @w m wide, and {p.name} is tiling it.")
    s.say("One box of tiles covers @cover square meters and costs @price.", "Each box of tiles covers @cover square meters; a box is @price.")
    area = s.calc("*", "@l", "@w", "The floor is {} square meters.")
    boxes = s.calc("/", area, "@cover", f"{p.name} needs {{}} boxes.")
    cost = s.calc("*", boxes, "@price", "The tiles cost {}.", "$")
    s.distract("The room has @doors doors.", "The tiles are @cm centimeters across.")
    s.num("doors", s.rng.randint(1, 3))
    s.num("cm", s.pick((20, 30, 40)))
    s.answer(cost, "l * w / cover * price", "$", (f"How much does {p.name} spend on tiles?", "What do the tiles cost?"), Hook("spend", p))


def together(s: Story) -> None:
    a, b = s.person(), s.person()
    ha, hb = s.pick(((2, 3), (3, 6), (4, 12), (2, 6), (4, 6), (3, 12), (6, 12), (5, 20), (10, 15), (6, 3), (12, 4)))
    job = s.pick(("paint the fence", "mow the lawn", "sort the library books", "clean the warehouse"))
    s.num("ha", ha)
    s.num("hb", hb)
    s.say(f"{a.name} can {job} alone in @ha hours, and {b.name} can do it alone in @hb hours.",
          f"Working alone, {a.name} takes @ha hours to {job}; {b.name} takes @hb hours.")
    ra = s.calc("/", 1, "@ha", f"{a.name} does {{}} of the job per hour.", "frac")
    rb = s.calc("/", 1, "@hb", f"{b.name} does {{}} of the job per hour.", "frac")
    both = s.calc("+", ra, rb, "Together they do {} of the job per hour.", "frac")
    hours = s.calc("/", 1, both, "The job takes them {} hours.", "frac")
    mins = s.calc("*", hours, 60, "In minutes that is {}.")
    s.distract(f"{a.name} is paid @pay an hour.", "They start at @start in the morning.")
    s.money("pay", s.rng.randint(12, 30))
    s.num("start", s.rng.randint(7, 10))
    s.answer(mins, "60 / (1 / ha + 1 / hb)", "", ("Working together, how many minutes does the job take?", "How many minutes do they need if they work together?"))


def marathon(s: Story) -> None:
    k = s.num("k", s.rng.randint(3, 6))
    s.num("len", s.rng.randint(80, 130))
    s.num("brk", s.pick((5, 10, 15, 20)))
    del k
    p = s.person()
    theme = s.pick(("science fiction", "comedy", "animated", "detective", "western", "horror", "nature"))
    s.say(f"{p.name} goes to a {theme} film festival that shows @k films one after another, each @len minutes long.",
          f"{p.name} hosts a {theme} movie marathon of @k films, and each runs for @len minutes.")
    s.say("There is a @brk-minute break between one film and the next.", "Between consecutive films there is a break of @brk minutes.")
    films = s.calc("*", "@k", "@len", "The films last {} minutes.")
    gaps = s.calc("-", "@k", 1, "There are {} breaks.")
    brk = s.calc("*", gaps, "@brk", "The breaks last {} minutes.")
    total = s.calc("+", films, brk, "The marathon lasts {} minutes.")
    s.distract("Tickets cost @ticket.", "The hall seats @seats people.")
    s.money("ticket", s.rng.randint(8, 25))
    s.num("seats", s.rng.randint(80, 400))
    s.answer(total, "k * len + (k - 1) * brk", "", ("How many minutes does the marathon last from the start of the first film to the end of the last?",
                                                    "How long is the whole event in minutes, from the first film's start to the last film's end?"))


def water(s: Story) -> None:
    p = s.person()
    s.num("glasses", s.rng.randint(4, 10))
    s.num("ml", s.pick((200, 250, 300, 400, 500)))
    weeks = s.num("weeks", s.rng.randint(1, 8))
    s.say(f"{p.name} drinks @glasses glasses of water a day, each holding @ml milliliters.", f"Every day {p.name} has @glasses glasses of water of @ml ml each.")
    day = s.calc("*", "@glasses", "@ml", "Each day that is {} ml.")
    week = s.calc("*", day, 7, "Each week that is {} ml.")
    total = s.calc("*", week, "@weeks", "In @weeks weeks that is {} ml.")
    liters = s.calc("/", total, 1000, "In liters that is {}.")
    del weeks
    s.distract(f"{p.His} bottle holds @bottle ml.", f"{p.name} also drinks @tea cups of tea a day.")
    s.num("bottle", s.pick((500, 750, 1000)))
    s.num("tea", s.rng.randint(1, 4))
    s.answer(liters, "glasses * ml * 7 * weeks / 1000", "", (f"How many liters of water does {p.name} drink in @weeks weeks?",
                                                             f"In @weeks weeks, how many liters does {p.name} drink?"))


def seeds(s: Story) -> None:
    p = s.person()
    s.num("seeds", s.rng.randint(2, 20) * 20)
    s.pct("pct", s.pick((40, 50, 60, 75, 80, 90)))
    s.num("each", s.rng.randint(3, 15))
    crop = s.pick(("tomatoes", "peppers", "cucumbers", "squashes"))
    s.say(f"{p.name} plants @seeds seeds, and @pct of them grow into plants.", f"Of the @seeds seeds {p.name} sows, @pct sprout.")
    s.say(f"Each plant gives @each {crop}.", f"Every plant produces @each {crop}.")
    rate = s.calc("/", "@pct", 100, "As a decimal that is {}.", "dec")
    plants = s.calc("*", "@seeds", rate, "{} seeds grow into plants.")
    total = s.calc("*", plants, "@each", f"The plants give {{}} {crop}.")
    s.distract("The seeds cost @cost.", "The garden gets @hrs hours of sun a day.")
    s.money("cost", s.rng.randint(3, 15))
    s.num("hrs", s.rng.randint(4, 10))
    s.answer(total, "seeds * pct / 100 * each", "", (f"How many {crop} does {p.name} harvest?", f"How many {crop} do the plants produce?"), Hook("items", p, crop))


def pack_price(s: Story) -> None:
    p = s.person()
    plural, n = s.pick((("batteries", 4), ("eggs", 12), ("pencils", 10), ("yogurts", 6), ("tennis balls", 3), ("bread rolls", 8)))
    s.num("n", n)
    s.money("price", s.rng.randint(2, 15) * n / 4 if n % 4 == 0 else s.rng.randint(2, 15) * n / 2 if n % 2 == 0 else s.rng.randint(1, 9) * n)
    s.num("m", n * s.rng.randint(2, 9) + s.pick((0, n // 2)) if n % 2 == 0 else n * s.rng.randint(2, 9))
    s.say(f"A pack of @n {plural} costs @price.", f"{plural[0].upper() + plural[1:]} come in packs of @n for @price.")
    s.say(f"{p.name} needs @m {plural} and the shop also sells them one at a time at the same price each.",
          f"{p.name} wants @m {plural}; single ones sell at the pack's price per item.")
    one = s.calc("/", "@price", "@n", "One costs {}.", "$")
    total = s.calc("*", "@m", one, f"{p.name} pays {{}}.", "$")
    s.distract("The shop closes at @close.", f"{p.name} already has @have {plural}.")
    s.num("close", s.rng.randint(6, 9))
    s.num("have", s.rng.randint(1, 5))
    s.answer(total, "price / n * m", "$", (f"How much does {p.name} pay for the @m {plural}?", f"What do @m {plural} cost?"), Hook("spend", p))


def speed(s: Story) -> None:
    p = s.person()
    kmh = s.rng.randint(6, 20)
    mins = s.num("mins", s.pick((10, 12, 15, 20, 30, 40, 45)))
    km = kmh * mins / 60
    s.num("km", km, "" if km.denominator == 1 else "dec")
    s.say(f"{p.name} runs @km km in @mins minutes.", f"It takes {p.name} @mins minutes to cycle @km km.")
    per_min = s.calc("/", "@km", "@mins", "That is {} km a minute.", "frac")
    hourly = s.calc("*", per_min, 60, "In an hour that is {} km.")
    s.distract(f"{p.name} weighs @kg kg.", "The path has @bridges bridges.")
    s.num("kg", s.rng.randint(40, 90))
    s.num("bridges", s.rng.randint(2, 5))
    s.answer(hourly, "km / mins * 60", "", (f"What is {p.name}'s average speed in km per hour?", "At that pace, how many km would be covered in an hour?"))


def laps(s: Story) -> None:
    p = s.person()
    track = s.num("track", s.pick((200, 250, 400, 500)))
    laps_n = s.rng.randint(2, 30)
    if track * laps_n % 1000:
        laps_n = 1000 // int(track) * s.rng.randint(1, 6)
    s.num("laps", laps_n)
    s.say(f"A running track is @track meters around, and {p.name} runs @laps laps.", f"{p.name} does @laps laps of a @track-meter track.")
    meters = s.calc("*", "@track", "@laps", f"{p.name} runs {{}} meters.")
    km = s.calc("/", meters, 1000, "In kilometers that is {}.")
    s.distract("The track has @lanes lanes.", f"{p.name} started running @yrs years ago.")
    s.num("lanes", s.pick((6, 8)))
    s.num("yrs", s.rng.randint(2, 12))
    s.answer(km, "track * laps / 1000", "", (f"How many kilometers does {p.name} run?", "How far is that in kilometers?"), Hook("measure", p, "kilometers"))


TEMPLATES = {"pack_price": pack_price, "speed": speed, "laps": laps, "two_legs": two_legs, "trip_minutes": trip_minutes, "recipe": recipe, "rope": rope, "reading": reading, "orchard": orchard, "tank": tank, "running_week": running_week, "trip_buses": trip_buses, "stock": stock, "fence": fence, "tiles": tiles, "together": together, "marathon": marathon, "water": water, "seeds": seeds}  # fmt: skip
