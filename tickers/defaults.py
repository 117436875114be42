"""The coins of the reference page, with their providers' ids and a plausible demo price (USD)."""

from decimal import Decimal

DEFAULT_COINS = [
    ("BTC", "bitcoin", "Bitcoin", Decimal("61262.00")),
    ("ETH", "ethereum", "Ethereum", Decimal("2415.80")),
    ("SOL", "solana", "Solana", Decimal("142.37")),
    ("BNB", "binancecoin", "BNB", Decimal("568.10")),
    ("XRP", "ripple", "XRP", Decimal("0.5873")),
    ("ADA", "cardano", "Cardano", Decimal("0.3512")),
    ("DOGE", "dogecoin", "Dogecoin", Decimal("0.0831")),
    ("DOT", "polkadot", "Polkadot", Decimal("4.182")),
    ("AVAX", "avalanche-2", "Avalanche", Decimal("24.06")),
    ("LINK", "chainlink", "Chainlink", Decimal("10.94")),
    ("UNI", "uniswap", "Uniswap", Decimal("6.71")),
    ("ATOM", "cosmos", "Cosmos", Decimal("4.46")),
    ("LTC", "litecoin", "Litecoin", Decimal("66.35")),
    ("ARB", "arbitrum", "Arbitrum", Decimal("0.5489")),
    ("NEAR", "near", "NEAR Protocol", Decimal("4.37")),
    ("FIL", "filecoin", "Filecoin", Decimal("3.58")),
    ("SUI", "sui", "Sui", Decimal("1.742")),
]

# The same coins' ids at CoinPaprika (its /v1/coins list), by CoinGecko id.
COINPAPRIKA_IDS = {
    "bitcoin": "btc-bitcoin",
    "ethereum": "eth-ethereum",
    "solana": "sol-solana",
    "binancecoin": "bnb-binance-coin",
    "ripple": "xrp-xrp",
    "cardano": "ada-cardano",
    "dogecoin": "doge-dogecoin",
    "polkadot": "dot-polkadot",
    "avalanche-2": "avax-avalanche",
    "chainlink": "link-chainlink",
    "uniswap": "uni-uniswap",
    "cosmos": "atom-cosmos",
    "litecoin": "ltc-litecoin",
    "arbitrum": "arb-arbitrum",
    "near": "near-near-protocol",
    "filecoin": "fil-filecoin",
    "sui": "sui-sui",
}
