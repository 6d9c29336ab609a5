//! Names, places and products the recommender sample draws from.

#[rustfmt::skip]
pub(super) const PRODUCT_LINES: &[(&str, &str, &[&str])] = &[
    ("Classic Cars", "Die-cast replicas of classic cars, detailed down to the dashboard", &["1:10", "1:12", "1:18", "1:24"]),
    ("Motorcycles", "Scale motorcycles with working kickstands and steerable wheels", &["1:10", "1:12", "1:18", "1:24", "1:32"]),
    ("Planes", "Historic and modern aircraft with retractable landing gear", &["1:18", "1:24", "1:72", "1:700"]),
    ("Ships", "Sailing ships and ocean liners, hand-assembled", &["1:18", "1:24", "1:72", "1:700"]),
    ("Trains", "Locomotives and carriages for collectors", &["1:18", "1:32", "1:50"]),
    ("Trucks and Buses", "Trucks, buses and utility vehicles", &["1:12", "1:18", "1:24", "1:50"]),
    ("Vintage Cars", "Cars from the 1900s to the 1940s", &["1:18", "1:24", "1:32"]),
];

#[rustfmt::skip]
pub(super) const MAKES: &[&str] = &["1952 Alpine Renault 1300",
    "1969 Harley Davidson Ultimate Chopper", "1972 Alfa Romeo GTA", "1962 LanciaA Delta 16V",
    "1968 Ford Mustang", "2001 Ferrari Enzo", "1958 Setra Bus", "2002 Suzuki XREO",
    "1969 Corvair Monza", "1968 Dodge Charger", "1969 Ford Falcon", "1970 Plymouth Hemi Cuda",
    "1957 Chevy Pickup", "1969 Dodge Charger", "1940 Ford Pickup Truck", "1993 Mazda RX-7",
    "1937 Lincoln Berline", "1936 Mercedes-Benz 500K Special Roadster", "1965 Aston Martin DB5",
    "1980s Black Hawk Helicopter", "1917 Grand Touring Sedan", "1948 Porsche 356-A Roadster",
    "1995 Honda Civic", "1998 Chrysler Plymouth Prowler", "1911 Ford Town Car",
    "1964 Mercedes Tour Bus", "1932 Model A Ford J-Coupe", "1926 Ford Fire Engine",
    "P-51-D Mustang", "1936 Harley Davidson El Knucklehead", "1928 Mercedes-Benz SSK",
    "1999 Indy 500 Monte Carlo SS", "1913 Ford Model T Speedster", "1934 Ford V8 Coupe",
    "1999 Yamaha Speed Boat", "18th Century Vintage Horse Carriage", "1903 Ford Model A",
    "1992 Ferrari 360 Spider red", "1985 Toyota Supra", "Collectable Wooden Train",
    "1969 Dodge Super Bee", "1917 Maxwell Touring Car", "1976 Ford Gran Torino",
    "1948 Porsche Type 356 Roadster", "1957 Vespa GS150", "1941 Chevrolet Special Deluxe Cabriolet",
    "1970 Triumph Spitfire", "1932 Alfa Romeo 8C2300 Spider Sport", "1904 Buick Runabout",
    "1940s Ford truck", "1939 Cadillac Limousine", "1957 Corvette Convertible",
    "1957 Ford Thunderbird", "1970 Chevy Chevelle SS 454", "1970 Dodge Coronet",
    "1997 BMW R 1100 S", "1966 Shelby Cobra 427 S/C", "1928 British Royal Navy Airplane",
    "1939 Chevrolet Deluxe Coupe", "1960 BSA Gold Star DBD34", "18th century schooner",
    "1938 Cadillac V-16 Presidential Limousine", "1962 Volkswagen Microbus",
    "1982 Ducati 900 Monster", "1949 Jaguar XK 120", "1958 Chevy Corvette Limited Edition",
    "1900s Vintage Bi-Plane", "1952 Citroen-15CV", "1982 Lamborghini Diablo",
    "1912 Ford Model T Delivery Wagon", "1969 Chevrolet Camaro Z28", "1971 Alpine Renault 1600s",
    "1937 Horch 930V Limousine", "2002 Chevy Corvette", "1940 Ford Delivery Sedan",
    "1956 Porsche 356A Coupe", "Corsair F4U ( Bird Cage)", "1936 Mercedes Benz 500k Roadster",
    "1992 Porsche Cayenne Turbo Silver", "1936 Chrysler Airflow", "1900s Vintage Tri-Plane",
    "1961 Chevrolet Impala", "1980's GM Manhattan Express", "1997 BMW F650 ST", "1982 Ducati 996 R",
    "1954 Greyhound Scenicruiser", "1950's Chicago Surface Lines Streetcar",
    "1996 Peterbilt 379 Stake Bed with Outrigger", "1928 Ford Phaeton Deluxe",
    "1974 Ducati 350 Mk3 Desmo", "1930 Buick Marquette Phaeton", "Diamond T620 Semi-Skirted Tanker",
    "1962 City of Detroit Streetcar", "2002 Yamaha YZR M1", "The Schooner Bluenose",
    "American Airlines: B767-300", "The Mayflower", "HMS Bounty", "America West Airlines B757-200",
    "The USS Constitution Ship", "1982 Camaro Z28", "ATA: B757-300", "F/A 18 Hornet 1/72",
    "The Titanic", "The Queen Mary", "American Airlines: MD-11S", "Boeing X-32A JSF",
    "Pont Yacht"];

#[rustfmt::skip]
pub(super) const VENDORS: &[&str] = &["Min Lin Diecast", "Classic Metal Creations",
    "Highway 66 Mini Classics", "Red Start Diecast", "Motor City Art Classics",
    "Second Gear Diecast", "Autoart Studio Design", "Welly Diecast Productions",
    "Unimax Art Galleries", "Studio M Art Models", "Exoto Designs", "Gearbox Collectibles",
    "Carousel DieCast Legends"];

#[rustfmt::skip]
pub(super) const FIRST_NAMES: &[&str] = &["Carine", "Jean", "Peter", "Janine",
    "Jonas", "Susan", "Zbyszek", "Roland", "Julie", "Kwai", "Diego", "Christina", "Jytte", "Mary",
    "Eric", "Jeff", "Kelvin", "Juri", "Wendy", "Veysel", "Keith", "Isabel", "Martine", "Marie",
    "Michael", "Alexander", "Yoshi-Mi", "Patricia", "Ann", "Georg", "Sarah", "Rita", "Leslie",
    "Francisca", "Pascale", "Elizabeth", "Dean", "Maria", "Mike", "Wing", "Hanna", "Daniel",
    "Catherine", "Anna", "Helen", "Steve", "Mory", "Valarie"];

#[rustfmt::skip]
pub(super) const LAST_NAMES: &[&str] = &["Schmitt", "King", "Ferguson", "Labrune",
    "Bergulfsen", "Nelson", "Piestrzeniewicz", "Keitel", "Murphy", "Lee", "Freyre", "Berglund",
    "Petersen", "Saveley", "Natividad", "Young", "Leong", "Hashimoto", "Victorino", "Oeztan",
    "Franco", "de Castro", "Rancé", "Bertrand", "Frick", "Feuer", "Tamuri", "McKenna", "Brown",
    "Pipps", "Hernandez", "Müller", "Cartrain", "Cervantes", "Devon", "Tseng", "Moroni",
    "Pfalzheim", "Sommer", "Lincoln", "Roel", "Kuger", "Yu", "Thompson"];

#[rustfmt::skip]
pub(super) const NAME_WORDS: &[&str] = &["Atelier", "Signal", "Australian",
    "La Rochelle", "Baane", "Mini", "Land of Toys", "Euro+", "Volvo", "Danish", "Saveley", "Dragon",
    "Muscle Machine", "Diecast", "Technics", "Handji", "Herkku", "Auto", "Toys4GrownUps", "Classic",
    "Collectables", "Corporate", "Gift", "Scale Model", "Vitachrome", "Toms", "Boards & Toys",
    "Marta's", "Royale", "Enaco", "Double Decker"];

#[rustfmt::skip]
pub(super) const NAME_ENDINGS: &[&str] = &["Inc.", "Co.", "Ltd.", "Gifts",
    "Collectables", "Distributors", "Imports", "Replicas", "Store", "& Co", "Souveniers, Ltd",
    "Exchange", "Models", "GmbH", "Shopping Channel", "Wholesalers"];

#[rustfmt::skip]
/// City, state (or None), postal code pattern (# is a digit), country, phone prefix.
pub(super) const PLACES: &[(&str, Option<&str>, &str, &str, &str)] = &[
    ("Nantes", None, "44###", "France", "40.32.25"),
    ("Las Vegas", Some("NV"), "83###", "USA", "702555"),
    ("Melbourne", Some("Victoria"), "3###", "Australia", "03 9520"),
    ("Paris", None, "750##", "France", "(1) 47.55"),
    ("Stavern", None, "4###", "Norway", "07-98"),
    ("San Rafael", Some("CA"), "97###", "USA", "4155551"),
    ("Warszawa", None, "01-###", "Poland", "(26) 642"),
    ("Frankfurt", None, "60###", "Germany", "+49 69"),
    ("San Francisco", Some("CA"), "94###", "USA", "6505555"),
    ("NYC", Some("NY"), "100##", "USA", "2125557"),
    ("Madrid", None, "280##", "Spain", "(91) 555"),
    ("Luleå", None, "S-958 ##", "Sweden", "0921-12"),
    ("Kobenhavn", None, "1###", "Denmark", "31 12"),
    ("Lyon", None, "690##", "France", "78.32.54"),
    ("Singapore", None, "0792##", "Singapore", "+65 221"),
    ("Allentown", Some("PA"), "70###", "USA", "2155551"),
    ("Burlingame", Some("CA"), "94###", "USA", "6505556"),
    ("Lisboa", None, "1756", "Portugal", "(1) 356"),
    ("Reims", None, "51100", "France", "26.47.15"),
    ("Boston", Some("MA"), "51###", "USA", "6175558"),
    ("London", None, "WX1 6LT", "UK", "(171) 555"),
    ("Toulouse", None, "31000", "France", "61.77.61"),
    ("Vancouver", Some("BC"), "V3F 2K1", "Canada", "(604) 555"),
    ("Auckland", None, "####", "New Zealand", "+64 9"),
    ("Bergamo", None, "24067", "Italy", "035-640"),
    ("Montréal", Some("Québec"), "H1J 1C3", "Canada", "(514) 555"),
    ("Salzburg", None, "5020", "Austria", "6562-9"),
    ("Osaka", Some("Osaka"), "530-0003", "Japan", "+81 06"),
    ("Helsinki", None, "00###", "Finland", "90-224"),
    ("Sydney", Some("NSW"), "2###", "Australia", "02 9936"),
    ("Barcelona", None, "080##", "Spain", "(93) 203"),
    ("Cambridge", Some("MA"), "51###", "USA", "6175555"),
    ("Bruxelles", None, "B-1180", "Belgium", "(02) 201"),
    ("München", None, "80686", "Germany", "089-087"),
    ("Manchester", None, "EC2 5NT", "UK", "(171) 555"),
];

#[rustfmt::skip]
pub(super) const STREETS: &[&str] = &["rue Royale", "Hauptstr.", "Strong St.",
    "Fauntleroy Circus", "Berkeley Gardens", "Grenzacherweg", "Carrera", "Keskuskatu",
    "Rambla de Cataluña", "Pine St.", "Seventh Ave.", "Kingsfordweg", "Drammensveien", "Geislweg",
    "Via Monte Bianco", "Oxford Street", "Boulevard Tirou", "Lyonerstr."];

#[rustfmt::skip]
pub(super) const ORDER_STATUSES: &[&str] = &["Shipped", "Cancelled", "On Hold",
    "Disputed", "In Process", "Resolved"];

#[rustfmt::skip]
pub(super) const ORDER_STATUS_WEIGHTS: &[f64] = &[88.0, 2.5, 1.5, 1.0, 2.0, 1.5];

#[rustfmt::skip]
pub(super) const COMMENTS: &[&str] = &["Check on availability.",
    "Customer requested that FedEx Ground is used for this shipping",
    "Difficult to negotiate with customer. We need more marketing materials",
    "Customer is interested in buying more Ferrari models",
    "Customer requested special shipment. The instructions were passed along to the warehouse",
    "Can we deliver the new Ford Mustang models by end-of-quarter?"];
