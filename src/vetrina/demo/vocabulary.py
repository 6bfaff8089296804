"""The words the demo generator dresses its creators in: names, places, bios, captions, hashtags.

Plain data, kept apart from the model in `generator.py` so that each reads on its own. Names are common
ones in each market, so that handles and display names look like that market's. Every pool is a tuple:
picking from it with a seeded random.Random gives the same words on every run.
"""

from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(phrase.strip() for phrase in text.split("|"))


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    # "陳 Chen, 林 Lin" -> (("陳", "Chen"), ("林", "Lin"))
    return tuple((chinese, latin) for chinese, latin in (pair.split() for pair in text.split(",")))


# What people in each market do with the letters a handle cannot hold.
_TO_ASCII = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "é": "e"}
)


def ascii_slug(name: str) -> str:
    """Lowercase ASCII letters and digits only: "Müller" -> "mueller", "Yi-Chun" -> "yichun"."""
    lowered = name.lower().translate(_TO_ASCII)
    return "".join(char for char in lowered if "a" <= char <= "z" or "0" <= char <= "9")


FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "US": _words(
        "Emma Olivia Ava Sophia Mia Madison Chloe Brooke Kayla Hannah Jasmine Aaliyah Destiny Maya Sofia "
        "Isabella Gabriela Taylor Morgan Jordan Liam Noah Ethan Mason Logan Caleb Dylan Tyler Brandon "
        "Marcus Andre Jayden Carlos Diego Mateo Austin Cody Hunter Kevin Jason Derek Ashley Brittany "
        "Megan Lauren Kennedy Savannah Bella"
    ),
    "GB": _words(
        "Oliver George Harry Jack Charlie Archie Alfie Theo Oscar Freddie Finley Harvey Callum Rhys Jamie"
        " Lewis Ryan Connor Amelia Isla Poppy Freya Ella Lily Grace Evie Millie Rosie Imogen Niamh Ffion "
        "Eilidh Holly Abbie Chloe Megan Zara Aisha Priya Ravi"
    ),
    "IN": _words(
        "Aarav Vivaan Aditya Arjun Sai Rohan Rahul Karan Vikram Harsh Nikhil Siddharth Yash Manish Suresh"
        " Ravi Farhan Imran Gurpreet Harpreet Ananya Diya Priya Aanya Ishita Sneha Pooja Kavya Neha Riya "
        "Shreya Aditi Anjali Meera Lakshmi Divya Deepika Tanvi Simran Ayesha Zoya Nandini Sanya Tanya "
        "Kabir Dev Ishaan Varun"
    ),
    "DE": _words(
        "Lukas Leon Finn Jonas Paul Felix Maximilian Elias Ben Luca Emil Anton Moritz Jannik Niklas "
        "Tobias Sebastian Mehmet Can Marie Sophie Emilia Hannah Lena Lea Anna Laura Lisa Julia Johanna "
        "Clara Katharina Charlotte Paula Nele Jana Selin Elif Aylin Greta"
    ),
}
LAST_NAMES: dict[str, tuple[str, ...]] = {
    "US": _words(
        "Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Wilson Anderson Thomas Moore"
        " Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright "
        "Scott Green Baker Adams Nelson Carter Mitchell Perez Roberts Turner Campbell Parker Evans "
        "Collins Reed Cook Bell Murphy Rivera Cooper Ramirez Brooks Kelly Sanders Price Bennett Hughes "
        "Flores Washington Nguyen Kim Patel Chen Diaz Hayes Ellis Sullivan"
    ),
    "GB": _words(
        "Smith Jones Taylor Brown Williams Wilson Davies Evans Thomas Roberts Walker Wright Robinson "
        "Thompson White Hughes Edwards Green Hall Wood Harris Lewis Martin Jackson Clarke Turner Hill "
        "Scott Cooper Morris Ward Moore King Watson Baker Harrison Morgan Patel Young Allen Mitchell "
        "James Phillips Bell Parker Khan Ali Begum Campbell Murray Fraser Kennedy Doyle Lloyd"
    ),
    "IN": _words(
        "Sharma Verma Gupta Singh Kumar Patel Shah Mehta Reddy Nair Iyer Menon Rao Joshi Desai Kapoor "
        "Malhotra Chopra Bose Banerjee Chatterjee Mukherjee Das Pillai Agarwal Jain Khanna Bhat Kulkarni "
        "Deshmukh Yadav Mishra Pandey Tiwari Saxena Sinha Ghosh Naidu Gill Sandhu Khan Ansari Qureshi "
        "Thakur Chauhan Rathore"
    ),
    "DE": _words(
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer "
        "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann Lange Schmitt "
        "Werner Krause Meier Lehmann Schulze Köhler Herrmann König Walter Huber Kaiser Fuchs Peters "
        "Scholz Möller Weiß Jung Hahn Vogel Yılmaz Kaya Öztürk Demir"
    ),
}

# Taiwan: (Chinese, the romanisation Taiwanese passports use). Display names use the characters;
# handles use the romanisation, or the English name many Taiwanese also go by.
TW_SURNAMES = _pairs(
    "陳 Chen, 林 Lin, 黃 Huang, 張 Chang, 李 Lee, 王 Wang, 吳 Wu, 劉 Liu, 蔡 Tsai, 楊 Yang, 許 Hsu, "
    "鄭 Cheng, 謝 Hsieh, 郭 Kuo, 洪 Hung, 曾 Tseng, 邱 Chiu, 廖 Liao, 賴 Lai, 周 Chou, 蘇 Su, 葉 Yeh"
)
TW_GIVEN_NAMES = _pairs(
    "怡君 Yi-Chun, 雅婷 Ya-Ting, 家豪 Chia-Hao, 志明 Chih-Ming, 俊傑 Chun-Chieh, 淑芬 Shu-Fen, "
    "美玲 Mei-Ling, 冠宇 Kuan-Yu, 承恩 Cheng-En, 宇軒 Yu-Hsuan, 詩涵 Shih-Han, 欣怡 Hsin-Yi, "
    "宗翰 Tsung-Han, 佳穎 Chia-Ying, 柏翰 Po-Han, 子晴 Tzu-Ching, 品妍 Pin-Yen, 書豪 Shu-Hao, "
    "思妤 Szu-Yu, 建宏 Chien-Hung, 郁婷 Yu-Ting, 彥廷 Yen-Ting, 筱涵 Hsiao-Han, 冠廷 Kuan-Ting"
)
TW_ENGLISH_NAMES = _words(
    "Vivian Kevin Jerry Amber Cindy Eric Jessie Zoe Ricky Irene Tiffany Kelly Allen Vincent Peggy Sandy "
    "Jimmy Winnie Ivy Jason"
)

# A tag some creators add to a handle to say where they are ("priya.in", "kevin_tw").
MARKET_TAGS: dict[str, tuple[str, ...]] = {
    "US": _words("usa us official"),
    "GB": _words("uk ldn official"),
    "IN": _words("in india official"),
    "TW": _words("tw taiwan twn"),
    "DE": _words("de berlin official"),
}
CITIES: dict[str, tuple[str, ...]] = {
    "US": _words("LA NYC Austin Chicago Miami Atlanta Seattle Nashville Denver Houston"),
    "GB": _words("London Manchester Glasgow Leeds Bristol Birmingham Cardiff Edinburgh"),
    "IN": _words("Mumbai Delhi Bengaluru Hyderabad Pune Chennai Kolkata Jaipur Kochi"),
    "TW": _words("台北 台中 高雄 台南 新竹 桃園 花蓮"),
    "DE": _words("Berlin München Hamburg Köln Frankfurt Stuttgart Leipzig Düsseldorf"),
}
# What creators in each market add to their captions.
MARKET_HASHTAGS: dict[str, tuple[str, ...]] = {
    "US": _words("#fyp #foryou #viral"),
    "GB": _words("#fyp #uk #british"),
    "IN": _words("#fyp #india #desi"),
    "TW": _words("#fyp #台灣 #taiwan"),
    "DE": _words("#fyp #deutschland #fürdich"),
}
# Caption patterns ({subject} and {n} filled in); some markets caption partly in their language.
CAPTION_PATTERNS: dict[str, tuple[str, ...]] = {
    "US": _phrases(
        "{subject} | POV: {subject} | {subject} (part {n}) | Day {n}: {subject} | Honest take: {subject}"
    ),
    "GB": _phrases(
        "{subject} | POV: {subject} | {subject}, part {n} | Day {n}: {subject} | Rating {subject}"
    ),
    "IN": _phrases(
        "{subject} | {subject} 🔥 | {subject}, part {n} | Kya lagta hai? {subject} | Day {n}: {subject}"
    ),
    "TW": _phrases("{subject} | {subject}｜開箱 | {subject} 第{n}集 | 日常｜{subject} | {subject}（上）"),
    "DE": _phrases(
        "{subject} | {subject} – Teil {n} | Tag {n}: {subject} | Wer kennt's? {subject} | {subject} 🙌"
    ),
}
# Bio patterns: {line} (one of the category's bio lines), {emoji}, {city}, and the category's name in
# the market's language, {chinese} or {german}.
BIO_PATTERNS: dict[str, tuple[str, ...]] = {
    "US": _phrases("{line} {emoji} 📍{city} | {line} {city} based. | {emoji} {line}"),
    "GB": _phrases("{line} {emoji} 📍{city} | {line} {city} based. | {emoji} {line}"),
    "IN": _phrases("{line} {emoji} 📍{city} | {line} Collabs: DM. {city} | Desi {emoji} {line}"),
    "TW": _phrases(
        "{chinese}｜{city} {emoji} | {city}{chinese}日常 {emoji} 合作邀約請來信 | {line} {emoji} 📍{city}"
    ),
    "DE": _phrases(
        "{line} {emoji} 📍{city} | {german} aus {city} {emoji} | {emoji} {line} Kooperationen per Mail."
    ),
}


@dataclass(frozen=True)
class CategoryWords:
    handle_words: tuple[str, ...]  # end or start a handle: "priya.cooks", "jonas.hikes"
    emoji: str
    chinese: str  # the category's name in Taiwanese display names and bios
    german: str  # and in German bios
    hashtags: tuple[str, ...]
    subjects: tuple[str, ...]  # what the videos are about
    bio_lines: tuple[str, ...]


CATEGORY_WORDS: dict[str, CategoryWords] = {
    "art": CategoryWords(
        handle_words=_words("draws art paints sketches studio"),
        emoji="🎨",
        chinese="藝術",
        german="Kunst",
        hashtags=_words("#art #drawing #artist #painting"),
        subjects=_phrases(
            "speed painting a portrait | my sketchbook tour | watercolour sunset | drawing you as a cartoon"
        ),
        bio_lines=_phrases("Painting the everyday. | Art, sketchbooks and the process behind them."),
    ),
    "automotive": CategoryWords(
        handle_words=_words("cars garage drives motors revs"),
        emoji="🚗",
        chinese="汽車",
        german="Autos",
        hashtags=_words("#cars #carsoftiktok #jdm #detailing"),
        subjects=_phrases(
            "cold start on a winter morning | detailing a 20-year-old car | first drive review | engine "
            "bay clean"
        ),
        bio_lines=_phrases("Cars, builds and honest reviews. | Petrolhead. Detailing and road trips."),
    ),
    "beauty": CategoryWords(
        handle_words=_words("beauty glow makeup skin glam"),
        emoji="💄",
        chinese="美妝",
        german="Beauty",
        hashtags=_words("#beauty #makeup #skincare #grwm"),
        subjects=_phrases(
            "5-minute makeup | my night skincare routine | drugstore vs high end | glass skin steps"
        ),
        bio_lines=_phrases("Makeup for real skin. | Skincare that works, no gatekeeping."),
    ),
    "books": CategoryWords(
        handle_words=_words("reads books booktok pages library"),
        emoji="📚",
        chinese="閱讀",
        german="Bücher",
        hashtags=_words("#booktok #books #reading #bookrecs"),
        subjects=_phrases(
            "books that broke me | my monthly wrap-up | underrated thrillers | reading slump fixes"
        ),
        bio_lines=_phrases("Reading too many books at once. | Book reviews in 60 seconds."),
    ),
    "comedy": CategoryWords(
        handle_words=_words("laughs comedy jokes skits lol"),
        emoji="😂",
        chinese="搞笑",
        german="Comedy",
        hashtags=_words("#comedy #funny #skit #relatable"),
        subjects=_phrases(
            "when your mum finds your phone | group project energy | first day at a new job | me at 3am"
        ),
        bio_lines=_phrases("Skits about everyday life. | Making you laugh, one sketch at a time."),
    ),
    "dance": CategoryWords(
        handle_words=_words("dance moves dances grooves crew"),
        emoji="💃",
        chinese="跳舞",
        german="Tanz",
        hashtags=_words("#dance #dancechallenge #choreography #trend"),
        subjects=_phrases("the new trend | tutorial, slowed down | freestyle in the rain | group choreo"),
        bio_lines=_phrases("Choreography you can learn in a day. | Dancer and choreographer."),
    ),
    "diy": CategoryWords(
        handle_words=_words("diy makes crafts builds workshop"),
        emoji="🔨",
        chinese="手作",
        german="DIY",
        hashtags=_words("#diy #crafts #handmade #upcycle"),
        subjects=_phrases("upcycled chair | shelf from scrap wood | resin coasters | thrift flip"),
        bio_lines=_phrases("Turning scrap into something nice. | DIY, crafts and thrift flips."),
    ),
    "education": CategoryWords(
        handle_words=_words("explains learns teaches facts class"),
        emoji="🧠",
        chinese="知識",
        german="Wissen",
        hashtags=_words("#learnontiktok #edutok #facts #science"),
        subjects=_phrases(
            "why the sky is blue | a history fact nobody taught you | how memory works | maths trick"
        ),
        bio_lines=_phrases("Explaining things in under a minute. | Teacher by day, explainer by night."),
    ),
    "family": CategoryWords(
        handle_words=_words("family mom dad fam home"),
        emoji="👨‍👩‍👧",
        chinese="親子",
        german="Familienleben",
        hashtags=_words("#family #momlife #dadlife #parenting"),
        subjects=_phrases(
            "morning routine with three kids | what my toddler eats in a day | family road trip | bedtime"
            " chaos"
        ),
        bio_lines=_phrases("Life with the kids, unfiltered. | Parenting, the funny parts."),
    ),
    "fashion": CategoryWords(
        handle_words=_words("styles style fits wears closet"),
        emoji="👗",
        chinese="穿搭",
        german="Mode",
        hashtags=_words("#fashion #ootd #outfit #style"),
        subjects=_phrases("3 ways to style a blazer | thrift haul | capsule wardrobe | outfits of the week"),
        bio_lines=_phrases("Outfits for every day. | Style on a budget."),
    ),
    "finance": CategoryWords(
        handle_words=_words("money invests finance budget wealth"),
        emoji="💸",
        chinese="理財",
        german="Finanzen",
        hashtags=_words("#money #personalfinance #investing #budget"),
        subjects=_phrases(
            "how I budget my salary | index funds explained | credit score myths | saving 20% of income"
        ),
        bio_lines=_phrases("Money made simple. Not financial advice. | Budgeting, investing, no jargon."),
    ),
    "fitness": CategoryWords(
        handle_words=_words("lifts fit trains gym strong"),
        emoji="💪",
        chinese="健身",
        german="Fitness",
        hashtags=_words("#fitness #gym #workout #fittok"),
        subjects=_phrases(
            "full-body workout | form check: deadlift | what I eat to build muscle | 10-minute abs"
        ),
        bio_lines=_phrases("Coach. Form checks, no fads. | Strength training for busy people."),
    ),
    "food": CategoryWords(
        handle_words=_words("eats cooks kitchen bites foodie"),
        emoji="🍜",
        chinese="美食",
        german="Rezepte",
        hashtags=_words("#food #recipe #foodtok #cooking"),
        subjects=_phrases("one-pot dinner | street food tour | 5-ingredient dessert | rating every dumpling"),
        bio_lines=_phrases("Home cooking, fast and honest. | Eating my way through the city."),
    ),
    "gaming": CategoryWords(
        handle_words=_words("plays gaming gg live games"),
        emoji="🎮",
        chinese="遊戲",
        german="Gaming",
        hashtags=_words("#gaming #gamer #bgmi #valorant"),
        subjects=_phrases("clutch of the week | ranked grind | new season first look | settings I use"),
        bio_lines=_phrases("Streams, clips and ranked grind. | Gamer. Live most nights."),
    ),
    "home": CategoryWords(
        handle_words=_words("home nest decor living space"),
        emoji="🏡",
        chinese="居家",
        german="Wohnen",
        hashtags=_words("#home #homedecor #cleantok #interior"),
        subjects=_phrases("small flat makeover | cleaning motivation | room tour | budget decor finds"),
        bio_lines=_phrases("Small spaces, big ideas. | Cleaning, decor and calm homes."),
    ),
    "lifestyle": CategoryWords(
        handle_words=_words("life daily vlogs days diaries"),
        emoji="✨",
        chinese="日常",
        german="Alltag",
        hashtags=_words("#lifestyle #dayinmylife #vlog #routine"),
        subjects=_phrases("day in my life | Sunday reset | what I got done this week | 5am routine"),
        bio_lines=_phrases("Everyday life, a little nicer. | Routines, resets and little joys."),
    ),
    "music": CategoryWords(
        handle_words=_words("music sings beats covers keys"),
        emoji="🎵",
        chinese="音樂",
        german="Musik",
        hashtags=_words("#music #cover #singing #producer"),
        subjects=_phrases(
            "acoustic cover | making a beat from scratch | original song, part 1 | singing in the subway"
        ),
        bio_lines=_phrases("Singer-songwriter. Covers and originals. | Making beats in my bedroom."),
    ),
    "outdoors": CategoryWords(
        handle_words=_words("outdoors hikes wild trails camps"),
        emoji="🏔️",
        chinese="登山",
        german="Wandern",
        hashtags=_words("#outdoors #hiking #camping #nature"),
        subjects=_phrases(
            "sunrise summit | wild camping kit | trail you need to hike | first snow in the hills"
        ),
        bio_lines=_phrases("Hikes, huts and rain jackets. | Weekends on the trail."),
    ),
    "pets": CategoryWords(
        handle_words=_words("pets paws pup cats woof"),
        emoji="🐾",
        chinese="毛孩",
        german="Tierliebe",
        hashtags=_words("#pets #dogsoftiktok #catsoftiktok #puppy"),
        subjects=_phrases(
            "he heard the treat bag | rescue day, one year later | cat vs cucumber | puppy's first bath"
        ),
        bio_lines=_phrases("Two dogs, one cat, zero calm. | Rescue pets and their stories."),
    ),
    "sports": CategoryWords(
        handle_words=_words("sports hoops kicks ball goals"),
        emoji="⚽",
        chinese="運動",
        german="Sport",
        hashtags=_words("#sports #football #cricket #basketball"),
        subjects=_phrases("skills session | matchday vlog | best goals this week | training drill"),
        bio_lines=_phrases("Skills, drills and matchday. | Athlete sharing the training."),
    ),
    "tech": CategoryWords(
        handle_words=_words("tech codes gadgets bytes setup"),
        emoji="💻",
        chinese="科技",
        german="Technik",
        hashtags=_words("#tech #gadgets #setup #coding"),
        subjects=_phrases("desk setup tour | phone camera test | 5 apps you need | building a keyboard"),
        bio_lines=_phrases("Gadgets, setups and honest reviews. | Tech explained for normal people."),
    ),
    "travel": CategoryWords(
        handle_words=_words("travels wanders abroad roams trips"),
        emoji="✈️",
        chinese="旅遊",
        german="Reisen",
        hashtags=_words("#travel #traveltok #wanderlust #hiddengems"),
        subjects=_phrases(
            "48 hours in the old town | hidden beach | cheapest way to get there | what I spent in a week"
        ),
        bio_lines=_phrases("Cheap trips and hidden gems. | Travelling slowly, sharing everything."),
    ),
}

# Managers and agencies write from these (the .example domain never reaches anyone).
MANAGER_MAILBOXES = _words("bookings team hello collabs mgmt partnerships")
AGENCIES = _words("brightlane northstar-talent viralhouse creatorcircle tidewater kiteagency")
