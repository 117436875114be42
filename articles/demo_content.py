"""Demo content for Convergence: authors, sections and briefings.

Data only, loaded by `manage.py seed_demo`. All briefings are original demo writing; hypothetical
examples are labelled as such and nothing here is investment advice.
"""

AUTHORS = [
    {
        "username": "maya.okafor",
        "first_name": "Maya",
        "last_name": "Okafor",
        "bio": (
            "Maya covers AI agents, wallets and on-chain identity for Convergence. She previously"
            " worked as a security engineer reviewing smart-contract systems."
        ),
    },
    {
        "username": "daniel.hartmann",
        "first_name": "Daniel",
        "last_name": "Hartmann",
        "bio": (
            "Daniel writes about compute, networks and market structure. He spent a decade in "
            "cloud operations before turning to decentralised infrastructure."
        ),
    },
    {
        "username": "priya.raman",
        "first_name": "Priya",
        "last_name": "Raman",
        "bio": (
            "Priya covers regulation, privacy and the economics of decentralised AI, drawing on a"
            " background in data-protection policy and applied cryptography."
        ),
    },
]

SECTIONS = [  # Listed in the navigation in this order.
    {
        "name": "DeFi",
        "slug": "defi",
        "description": (
            "Lending, trading, restaking and stablecoins, and what changes when AI agents become "
            "market participants."
        ),
    },
    {
        "name": "Agents",
        "slug": "agents",
        "description": (
            "Autonomous software that holds wallets, pays for services and coordinates with other"
            " agents on-chain."
        ),
    },
    {
        "name": "Infrastructure",
        "slug": "infrastructure",
        "description": (
            "The compute, storage, chains and networks that AI and Web3 applications run on."
        ),
    },
    {
        "name": "Privacy & Regulation",
        "slug": "privacy-regulation",
        "description": (
            "Confidential computing, zero-knowledge proofs and the rules shaping AI and crypto, "
            "from MiCA to GDPR."
        ),
    },
]

BRIEFINGS = [  # Newest first.
    {
        "slug": "ai-agent-wallets-session-keys",
        "title": "When software holds the keys: a practical look at AI agent wallets",
        "summary": (
            "Autonomous agents are starting to pay for APIs, compute and data on-chain. Session "
            "keys and smart accounts let them do it without a master key, but the guardrails need"
            " careful design."
        ),
        "section": "agents",
        "author": "maya.okafor",
        "tags": ["AI Agents", "Account Abstraction", "Ethereum", "Smart Wallets", "Fetch.ai"],
        "hours_ago": 3,
        "is_sponsored": False,
        "sponsor_name": "",
        "body": """## Why agents need wallets at all

For most of the short history of large-language-model "agents", money has been someone else's
problem. An agent could draft an email or call a search API, but the moment a task involved paying
for something — a dataset, an hour of GPU time, a premium API call — a human had to step in with a
card. That bottleneck is what makes on-chain wallets attractive to agent builders. A wallet is
programmable, available around the clock, and does not need a bank to understand why a piece of
software is buying 40 cents of inference at 3 a.m.

Frameworks in the Fetch.ai ecosystem, among others, have long assumed that each agent carries its
own address. What has changed over the past year is the tooling around those addresses. Smart
accounts, session keys and spending policies make it possible to give an agent a narrowly scoped
ability to transact, rather than the all-or-nothing power of a raw private key.

## From private keys to smart accounts

A conventional externally owned account on Ethereum is controlled by a single private key. Whoever
holds the key can do anything: drain the balance, approve unlimited token allowances, sign
arbitrary messages. Handing such a key to an agent whose behaviour depends on a prompt is, to put
it mildly, an unusual risk appetite.

Smart accounts, the subject of Ethereum's long-running [account abstraction
work](https://ethereum.org/en/roadmap/account-abstraction/), move validation logic into a contract.
The account can then enforce rules that a plain key cannot:

- **Session keys** that expire after a set time or number of transactions.
- **Spending caps** per day, per counterparty or per token.
- **Allow-lists** restricting which contracts the agent may call.
- **Co-signing thresholds** that require a human approval above a given amount.

The owner keeps a master key, ideally on a hardware device, and issues the agent a disposable
credential with limits attached.

## What a policy looks like in practice

Most teams find it easiest to express policy off-chain first, test it against simulated
transactions, and only then encode the rules in the account contract or a policy module. A
simplified, purely illustrative check might look like this:

```python
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass
class SessionPolicy:
    allowed_contracts: set[str]
    max_per_tx_usd: float
    max_per_day_usd: float
    expires_at: datetime


def may_sign(policy: SessionPolicy, to: str, amount_usd: float, spent_today: float) -> bool:
    if datetime.now(timezone.utc) >= policy.expires_at:
        return False
    if to.lower() not in policy.allowed_contracts:
        return False
    if amount_usd > policy.max_per_tx_usd:
        return False
    return spent_today + amount_usd <= policy.max_per_day_usd
```

The on-chain version matters more than the off-chain one, because an agent that has been
manipulated — through a poisoned web page or a prompt-injection attack hidden in a data feed — will
not politely consult its own guardrails. The contract has to refuse.

## The failure modes worth planning for

Security reviewers who have looked at early agent deployments tend to flag the same handful of
issues:

1. **Unlimited approvals.** Token allowances granted "for convenience" outlive the session key and
    can be abused later.
2. **Price-blind execution.** Agents that swap tokens without slippage limits are an easy target
    for sandwich attacks.
3. **Signature reuse.** Off-chain signatures for permits or orders can be replayed if nonces and
    deadlines are not enforced.
4. **Opaque logs.** When something goes wrong, operators need to reconstruct which prompt, tool
    call and transaction led there.

None of these problems is new to crypto. What is new is the speed and volume at which an automated
system can repeat a mistake.

## What to watch

The direction of travel seems fairly clear: wallets are becoming policy engines, and agents are
becoming one more kind of user with unusual constraints. Open questions remain around standardising
policy formats across wallet vendors, around how much gas overhead the checks add on mainnet
compared with rollups, and around who is liable when a scoped agent still manages to lose funds.
For now, the sober advice from practitioners is simple: give agents the smallest budget that lets
them do useful work, make every limit enforceable on-chain, and keep the owner's key well out of
the agent's reach.
""",
    },
    {
        "slug": "restaking-shared-security-ai-services",
        "title": "Restaking meets AI services: how shared security is being priced",
        "summary": (
            "Restaking lets staked ETH secure additional services, and AI-adjacent networks are "
            "among the newest customers. The economics hinge on slashing conditions that are "
            "still being written."
        ),
        "section": "defi",
        "author": "daniel.hartmann",
        "tags": ["EigenLayer", "Restaking", "Ethereum", "Shared Security", "Verifiable Compute"],
        "hours_ago": 9,
        "is_sponsored": False,
        "sponsor_name": "",
        "body": """## The idea in one paragraph

Restaking lets validators who already stake ETH to secure Ethereum opt in to securing additional
services with the same capital. In exchange for extra rewards, they accept extra slashing
conditions: if they misbehave on the new service, part of their stake can be taken. EigenLayer
popularised the model and calls these services actively validated services, or AVSs. The pitch to
new networks is straightforward. Rather than bootstrapping a token and a validator set from
scratch, they can rent economic security from a pool that already exists.

## Why AI workloads are interested

A growing number of proposed services sit at the intersection of AI and crypto. The common thread
is verification: someone claims to have run a model, served an inference or stored a dataset, and
the network needs a way to punish false claims. Ideas under discussion across the ecosystem
include:

- **Inference attestation**, where operators re-run a sample of requests and sign off on the
    outputs.
- **Coprocessors** that perform heavy off-chain computation and post results back to a smart
    contract.
- **Data availability** layers for large training datasets and model checkpoints.
- **Agent registries** that bond the operators who run autonomous agents on behalf of users.

Each of these could, in principle, launch its own proof-of-stake chain. Restaking offers a
shortcut, although whether the shortcut is sound depends heavily on how misbehaviour is detected.

## Comparing security models

The table below is a simplified, qualitative comparison. It is not a ranking, and real deployments
often mix approaches.

| Model | Who provides security | Main cost | Key risk |
|---|---|---|---|
| Own token and validators | New token holders | Emissions, bootstrapping | Thin early security |
| Restaked ETH | Existing ETH stakers | Operator rewards | Correlated slashing |
| Trusted hardware | Chip vendor, operator | Hardware, attestation | Side channels |
| Cryptographic proofs | Mathematics, a prover | Proving time and cost | Model-size limits |

## The slashing problem

The hardest part of applying restaking to AI is defining what counts as a fault. For a bridge or an
oracle, a fault is usually objective: a signed message contradicts the state of a chain. For
machine learning it is murkier. Model outputs can be non-deterministic across hardware,
floating-point arithmetic varies between GPU generations, and two honest operators may produce
slightly different answers to the same prompt.

Teams have experimented with several workarounds — forcing deterministic inference settings,
comparing outputs within a tolerance, or requiring a committee vote before any slashing. Each
trades some objectivity for practicality. Critics argue that a slashing rule requiring human
judgement reintroduces the trust assumptions restaking was meant to remove; supporters counter that
a bonded, slashable committee is still stronger than an unbonded API provider.

## How yields are being priced

From the staker's side, the question is whether the extra reward compensates for the extra risk.
Because a single operator may opt in to many services at once, a fault in one could cascade into
losses that affect the others — the correlated-slashing problem listed above. Analysts generally
expect rewards for AI-adjacent services to stay higher than those for simpler services until their
fault-detection methods have a longer track record.

For readers new to the underlying mechanics, ethereum.org's [staking
overview](https://ethereum.org/en/staking/) is a good primer. The short version for DeFi
allocators: treat restaking yield on novel services as compensation for a genuinely new category of
risk, not as a free top-up on ordinary staking returns.
""",
    },
    {
        "slug": "mica-stablecoin-rules-fine-print",
        "title": "MiCA and stablecoins: reading the fine print after the rules took effect",
        "summary": (
            "The EU's Markets in Crypto-Assets regulation has reshaped which stablecoins European"
            " platforms list. For builders of AI payment agents, the details on issuers and "
            "reserves matter more than the headlines."
        ),
        "section": "privacy-regulation",
        "author": "priya.raman",
        "tags": ["MiCA", "Stablecoins", "Regulation", "EU", "AI Agents"],
        "hours_ago": 20,
        "is_sponsored": False,
        "sponsor_name": "",
        "body": """## Where things stand

The EU's Markets in Crypto-Assets regulation, usually shortened to MiCA, is the first attempt by a
major jurisdiction to write a single rulebook for crypto-asset issuers and service providers. Its
stablecoin provisions applied first, from mid-2024, with the wider regime for exchanges and
custodians following at the end of that year. Transitional arrangements vary by member state, so
the practical picture still differs depending on where a platform is licensed. The consolidated
text is published on [EUR-Lex](https://eur-lex.europa.eu/eli/reg/2023/1114/oj).

The most visible effect has been on listings. Platforms serving European users have had to ask
whether each stablecoin they offer comes from an authorised issuer, and several have reportedly
restricted or delisted tokens whose issuers had not secured authorisation.[^1]

## The two categories that matter

MiCA splits stablecoins into two main buckets:

- **E-money tokens (EMTs)** reference a single official currency, such as the euro or the US
    dollar. Issuers must be authorised as a credit institution or an electronic money institution.
- **Asset-referenced tokens (ARTs)** reference anything else — a basket of currencies, commodities
    or other crypto-assets — and face their own authorisation and reserve regime.

Tokens deemed "significant", based on criteria such as size and usage, come under closer
supervision by the European Banking Authority. There are also limits on how widely a token not
denominated in an EU currency may be used as a means of exchange, which has prompted debate about
the treatment of dollar-denominated tokens.

## Why AI agent builders should care

It is tempting to treat regulation as something for exchanges and issuers to worry about. But teams
building AI agents that pay for services are, increasingly, stablecoin users at scale. A few
implications are worth spelling out:

1. **Token choice is a compliance decision.** An agent that settles in a token lacking EU
    authorisation may find that its counterparties — data vendors, compute marketplaces — cannot
    accept it from European customers.
2. **Service-provider status is not obvious.** A company that runs agents holding and moving funds
    on behalf of users may need to consider whether that activity amounts to custody or transfer
    services. The answer depends on the architecture, and legal advice is essential.
3. **Travel-rule obligations apply.** The EU's companion transfer-of-funds rules extend originator
    and beneficiary information requirements to crypto transfers between service providers, which
    affects how agent payments are logged.
4. **Redemption rights are built in.** Holders of EMTs have a right to redeem at par value, which
    makes them a more predictable unit of account for automated pricing.

## The unresolved questions

Several gaps remain. MiCA largely excludes services provided in a "fully decentralised" manner
without defining the phrase precisely, and supervisors are still working out how to treat protocols
that retain some points of control. The regulation also has little to say specifically about
software agents: it regulates issuers and service providers, not autonomous code. Whether an agent
acting for a retail user changes the analysis is likely to be tested case by case.

There is also the interplay with the EU AI Act, which takes a risk-based approach to AI systems. An
agent that makes credit-like decisions or handles consumer payments could conceivably draw scrutiny
under both regimes, and there is little guidance yet on how the two fit together.

## A practical checklist

For teams shipping to European users, a short and non-exhaustive list of starting points:

- Maintain an up-to-date register of which stablecoins your agents may use, and why.
- Document where funds sit at each step of an agent-driven payment.
- Keep human-readable records linking agent decisions to transactions.
- Read the official text and supervisory guidance rather than summaries, including this one.

[^1]: Listing decisions vary by platform and jurisdiction and have changed over time. Check each
    platform's current notices rather than relying on secondary reports.
""",
    },
    {
        "slug": "depin-gpu-networks-buyers-guide",
        "title": "A buyer's guide to DePIN GPU networks for AI workloads",
        "summary": (
            "Decentralised physical infrastructure networks promise cheaper GPU hours for AI "
            "teams. The real trade-offs are interconnect, reliability and data handling, not just"
            " the hourly price."
        ),
        "section": "infrastructure",
        "author": "daniel.hartmann",
        "tags": ["DePIN", "Akash", "Render", "Filecoin", "GPU Compute"],
        "hours_ago": 34,
        "is_sponsored": False,
        "sponsor_name": "",
        "body": """## What DePIN means for AI teams

"DePIN", short for decentralised physical infrastructure networks, describes projects that use
token incentives to coordinate real-world hardware: wireless hotspots, storage drives, sensors and,
most relevant here, GPUs. For AI teams facing tight supply of accelerators from the large cloud
providers, the appeal is obvious. A marketplace that aggregates idle or underused GPUs from data
centres, former crypto miners and smaller operators could, in theory, offer capacity at lower
prices and with fewer long-term commitments.

In practice, the value depends on what you are trying to do. Serving inference on a mid-sized open
model is a very different workload from pre-training a large model across hundreds of tightly
coupled accelerators.

## The main networks, in broad strokes

Several networks come up frequently in this context, each with a different starting point:

- **Akash** runs a marketplace for container workloads in which providers bid to host deployments,
    and has added GPU support over time.
- **Render** began as a network for distributed GPU rendering in 3D and visual-effects work and has
    been exploring AI-related workloads.
- **Filecoin** is primarily a storage network; its relevance to AI is mostly about holding datasets
    and checkpoints, with ongoing work on computing over stored data.

Newer entrants focus squarely on AI training and inference, and the landscape changes quickly.
Buyers should treat any list, including this one, as a starting point for their own due diligence.

## Comparing the trade-offs

The following table summarises the qualitative differences buyers typically weigh. It does not
reflect any specific provider's pricing.

| Factor | Hyperscale cloud | DePIN GPU marketplace |
|---|---|---|
| Hourly price | Usually a higher list price | Often lower, varies by bid |
| Interconnect between GPUs | High-bandwidth fabrics available | Frequently limited or unknown |
| Availability guarantees | Contractual SLAs | Depends on provider reputation |
| Data handling | Mature compliance certifications | Varies widely by operator |
| Payment | Card or invoice | Usually tokens or stablecoins |

## Where decentralised GPUs fit best

The consensus among practitioners is that DePIN capacity is most competitive for workloads that
tolerate some heterogeneity and interruption:

1. **Inference serving** for open-weight models, where each request fits on one or a few GPUs.
2. **Fine-tuning** smaller models with parameter-efficient methods that do not need large clusters.
3. **Batch jobs** such as embedding generation, evaluation runs and synthetic data generation.
4. **Experimentation**, where a researcher wants a specific card for a few hours without a
    contract.

Large-scale pre-training remains harder. Training across loosely connected machines is an active
research area, and techniques that reduce communication between nodes have shown promising results.
But most frontier-scale runs still depend on tightly coupled clusters with fast interconnects
between each [GPU](https://en.wikipedia.org/wiki/Graphics_processing_unit) and its neighbours.

## Questions to ask before committing

Before moving a workload, teams should get clear answers on a few points. Who physically operates
the hardware, and in which jurisdiction? How is a machine verified to be the GPU model advertised?
What happens to data on disk when a lease ends? Can payments be made in a stablecoin rather than a
volatile network token, and how are token price swings handled in longer contracts?

Finally, benchmark. Hourly rates are only meaningful alongside throughput measured on your own
workload. A cheaper card that takes twice as long, or that fails midway through a job without
checkpointing, is not cheaper at all.
""",
    },
    {
        "slug": "ens-names-for-ai-agents",
        "title": "ENS names for agents: giving bots a readable identity on-chain",
        "summary": (
            "As AI agents start transacting with one another, human-readable names become a "
            "practical way to discover, verify and retire them. ENS subnames and text records "
            "already cover much of what is needed."
        ),
        "section": "agents",
        "author": "maya.okafor",
        "tags": ["ENS", "AI Agents", "Ethereum", "Identity"],
        "hours_ago": 52,
        "is_sponsored": False,
        "sponsor_name": "",
        "body": """## The naming problem

A hexadecimal address tells you nothing about who controls it. That has always been an
inconvenience for people; for software agents dealing with other software agents, it is a real
design problem. If an AI agent is going to pay another agent for a translation, a dataset or a
price quote, it needs a way to find that counterparty, check that it is the one it expects, and
stop trusting it if something goes wrong.

The Ethereum Name Service offers one established answer. ENS maps human-readable names such as
`research.example.eth` to addresses and other records, and it has been in production long enough
that wallets, explorers and many applications already understand it.

## What ENS already provides

Several existing ENS features map neatly onto the needs of agents:

- **Subnames.** An organisation that owns `example.eth` can issue `pricing.agents.example.eth` or
    `support.agents.example.eth` to individual agents, without registering a separate name for
    each.
- **Text records.** Key-value records can store an agent's description, an API endpoint, a public
    key for encrypted messages or a link to documentation.
- **Reverse resolution.** An address can declare a primary name, so a counterparty can ask "who is
    this?" starting from the address.
- **Control by the parent.** Depending on how subnames are configured, the parent owner can
    reassign or remove them, which provides an off switch when an agent is retired or compromised.

The [ENS documentation](https://docs.ens.domains/) covers these mechanisms in detail, including how
resolvers and name wrapping determine who may change what.

## A simple pattern for agent identity

A workable pattern that several teams have described looks roughly like this:

1. The organisation holds its root name in a secure multisig wallet.
2. Each production agent receives a subname and a dedicated smart-account address.
3. Text records publish the agent's capabilities, pricing endpoint and a contact for abuse reports.
4. Counterparties resolve the name, check that the address matches the one signing the transaction,
    and cache the result for a limited time.
5. When an agent is decommissioned, its subname is pointed elsewhere or burned, and counterparties'
    caches expire.

This does not prove that an agent is honest. It proves only that it is the agent a particular
name-holder vouches for — which, combined with the reputation of the parent name, is often what
matters commercially.

## Limits and open questions

There are caveats. Names are only as trustworthy as the party that controls them, and lookalike
names remain a phishing risk for bots as much as for humans. Agents that operate mainly on rollups
need resolution to work across chains; ENS has been extending its cross-chain support, but
developers should check which networks and record types their own tooling handles today.

There is also a question of standardisation. For agents to discover each other automatically, they
need to agree on which text-record keys mean what — something closer to a shared schema than
today's loose conventions. Proposals circulate in the ENS and wider agent communities, but none has
yet become a de facto standard.

## Why it matters

Identity is the quiet prerequisite for everything else agents are expected to do on-chain:
reputation, dispute resolution, access control and even regulatory record-keeping. A name does not
solve those problems, but it gives every other system something stable to attach to. For teams
deploying agents today, a clear naming hierarchy is cheap to set up, easy to revise and likely to
age well.
""",
    },
    {
        "slug": "zero-knowledge-proofs-of-inference",
        "title": "Proving inference: where zero-knowledge machine learning actually stands",
        "summary": (
            "Zero-knowledge proofs could let a model operator prove which model produced an "
            "output without revealing its weights. The cryptography works; cost and model size "
            "are the limits builders need to understand."
        ),
        "section": "privacy-regulation",
        "author": "priya.raman",
        "tags": ["Zero-Knowledge", "zkML", "Ethereum", "Verifiable Compute", "iExec"],
        "hours_ago": 80,
        "is_sponsored": False,
        "sponsor_name": "",
        "body": """## The promise

Suppose a lending protocol uses a machine-learning model to set collateral requirements, or a game
uses a model to decide who wins a prize. Users have to trust that the operator actually ran the
model it claims, on the inputs it claims, and did not quietly substitute a different one.
Zero-knowledge machine learning, usually shortened to zkML, aims to replace that trust with a
proof.

A [zero-knowledge proof](https://ethereum.org/en/zero-knowledge-proofs/) lets a prover convince a
verifier that a statement is true without revealing why it is true. Applied to inference, the
statement is roughly: "this output is the result of running a model with this committed set of
weights on this input." The weights, the input or both can stay private, and a smart contract can
check the proof cheaply on-chain.

## How it works, briefly

Most zkML systems follow a similar pipeline:

1. The model is exported to a standard format and its operations are translated into an arithmetic
    circuit.
2. Floating-point numbers are converted to fixed-point or integer representations, because proof
    systems work over finite fields.
3. Non-linear functions such as activations are approximated, often with lookup tables.
4. The prover runs the model and generates a proof; the verifier, often a contract, checks it.

Step two is where many surprises happen. Quantising a model changes its outputs slightly, so the
proven model is never quite the model that was trained. For many classification tasks the
difference is negligible; for others it needs careful evaluation.

## The cost problem

Proving is expensive. Generating a proof for a single inference typically takes far longer than
running the inference itself — often by orders of magnitude — and needs substantial memory. The
overhead grows with model size, which is why most public demonstrations have involved small models:
image classifiers, decision trees, compact transformers and anomaly detectors.

Proving a full forward pass of a large language model remains at the edge of what research systems
can do, and well beyond what most production applications could afford per request. Progress has
been rapid, driven by better proof systems, hardware acceleration and specialised circuits for
common operations. Even so, anyone promising verifiable large-model inference at interactive speeds
deserves careful questions.

## Alternatives and hybrids

Because of these costs, teams often weigh zkML against other approaches to verifiable computation:

- **Trusted execution environments (TEEs).** Hardware enclaves attest that specific code ran on
    genuine hardware. Projects such as iExec have built confidential-computing platforms on this
    model. The overhead is low, but trust shifts to the chip vendor and the attestation chain.
- **Optimistic verification.** Results are accepted by default and can be challenged within a
    window, with a dispute game or re-execution settling disagreements. This is cheaper but
    introduces delays and requires deterministic execution.
- **Sampling and re-execution.** A committee re-runs a fraction of requests and penalises
    mismatches, trading certainty for cost.

Hybrid designs are common: a TEE for everyday throughput, with zero-knowledge proofs for a sample
of requests or for high-value decisions.

## What to watch

The most useful near-term applications are probably narrow: proving that a specific, modest model
was used for a credit score, a moderation decision or a fraud flag, where the stakes justify the
proving cost. In privacy-sensitive settings, zkML also offers something TEEs cannot — guarantees
whose soundness does not depend on hardware. As proof systems and accelerators improve, the
model-size frontier will keep moving. For now, sensible buyers ask three questions: how big is the
model, how long does a proof take, and what exactly does the proof guarantee?
""",
    },
    {
        "slug": "sponsored-confidential-gpus-sealed-weights",
        "title": "How confidential GPUs keep model weights sealed in shared data centres",
        "summary": (
            "A sponsored explainer from Lattice Compute Labs on how trusted execution "
            "environments extend to GPUs, and on what remote attestation does and does not prove."
        ),
        "section": "infrastructure",
        "author": "daniel.hartmann",
        "tags": ["Confidential Computing", "TEE", "GPU Compute", "DePIN"],
        "hours_ago": 120,
        "is_sponsored": True,
        "sponsor_name": "Lattice Compute Labs",
        "body": """*This explainer was produced in partnership with Lattice Compute Labs, which
operates confidential GPU infrastructure. Convergence edited it for clarity and balance. It is not
investment advice, and the description of a technique is not an endorsement of any particular
provider.*

## The problem: weights on someone else's machine

An open marketplace for GPUs creates an awkward trust question for model owners. A fine-tuned model
can represent months of work and proprietary data. Renting a GPU from an unfamiliar operator means
copying those weights onto hardware that someone else controls, where a curious or malicious
administrator could, in principle, read them from memory or disk. The same concern applies to the
prompts and documents that users send for inference.

Encryption at rest and in transit handles part of the problem. The gap has always been data *in
use*: to compute on something, a processor has traditionally needed it in plaintext. [Confidential
computing](https://en.wikipedia.org/wiki/Confidential_computing) is the industry's term for closing
that gap with hardware.

## How trusted execution environments work

A trusted execution environment, or TEE, is an isolated region of a processor whose memory is
encrypted and inaccessible to the host operating system, the hypervisor and the machine's
administrators. Several CPU families have offered TEEs for years. More recently, data-centre GPUs
have gained comparable modes, in which GPU memory is protected and traffic between CPU and GPU
travels over an encrypted channel.

The key ingredient is **remote attestation**. Before a model owner releases anything, the hardware
produces a signed report describing:

- the hardware model and firmware versions;
- whether confidential mode is enabled;
- a measurement, or cryptographic hash, of the software stack that will run.

The model owner checks that report against the chip vendor's certificates and an expected
measurement. Only if everything matches does a key-management service release the decryption key
for the weights — directly into the enclave.

## What a confidential inference job looks like

On a confidential GPU node, a typical flow runs as follows:

1. The customer publishes the expected measurement of its inference container.
2. The node boots the container in confidential mode and requests an attestation.
3. A key broker verifies the attestation and releases the model key into the enclave.
4. Users encrypt their requests to a key that only the attested enclave holds.
5. Results leave the enclave encrypted to the user, and an attestation record can be posted
    on-chain for auditability.

Posting attestation records to a public ledger is where this approach meets Web3: anyone can later
check which software ran where, without relying on the operator's own logs.

## What attestation does not prove

Good confidential-computing vendors are candid about the limits, and readers should be too:

- **It does not make the vendor trustless.** Attestation ultimately relies on keys and firmware
    controlled by the chip manufacturer.
- **Side channels exist.** Researchers have repeatedly demonstrated attacks on TEEs, so patches and
    firmware updates matter.
- **It proves the code, not the quality of the output.** An attested enclave can faithfully run a
    poor or biased model.
- **Performance is not free.** Encrypted transfers between CPU and GPU add overhead that varies by
    workload.

For many workloads these limits are acceptable compared with trusting an operator outright. For
others, cryptographic approaches such as zero-knowledge proofs, or simply running on owned
hardware, may be the better fit.

## Choosing a provider

Whoever you work with, ask to see a sample attestation report, the process for verifying it
independently, the patching policy for firmware vulnerabilities, and how keys are handled when a
node is retired. Confidential computing is a meaningful step toward shared GPU markets that model
owners can actually use — provided its guarantees are understood precisely rather than taken on
faith.
""",
    },
    {
        "slug": "oracle-networks-data-for-ai-agents",
        "title": "Feeding the machines: oracle networks and the data AI agents trade on",
        "summary": (
            "AI agents that trade or lend on-chain are only as good as the prices and facts they "
            "consume. Oracle design choices on latency, aggregation and accountability now matter"
            " to a new kind of user."
        ),
        "section": "defi",
        "author": "daniel.hartmann",
        "tags": ["Chainlink", "Oracles", "AI Agents", "DeFi", "Ethereum"],
        "hours_ago": 170,
        "is_sponsored": False,
        "sponsor_name": "",
        "body": """## A new kind of oracle consumer

Oracles have been part of DeFi infrastructure for as long as there has been DeFi. Lending markets
need asset prices to decide when a loan is under-collateralised; derivatives need reference rates;
stablecoins need to know what their collateral is worth. What is changing is who consumes that
data. Alongside smart contracts and human traders, AI agents are beginning to read oracle feeds
directly — to rebalance portfolios, manage liquidity positions or decide when to repay a loan.

That shift raises a familiar question with a new twist. Smart contracts follow deterministic rules,
so their exposure to bad data can be bounded by design. An agent that reasons over several inputs,
and perhaps over unstructured news as well, can fail in less predictable ways.

## How oracle networks work today

The [ethereum.org guide to oracles](https://ethereum.org/en/developers/docs/oracles/) is a good
primer on the basics. In short, a decentralised oracle network collects data from multiple sources,
has several independent node operators report it, and aggregates their reports — often by taking a
median — before publishing on-chain. Chainlink, one of the most widely integrated networks,
popularised this model for price feeds.

Two delivery styles are common:

- **Push feeds**, where the network updates an on-chain value whenever the price moves beyond a
    threshold or a heartbeat interval passes.
- **Pull models**, where signed reports are fetched off-chain and submitted with the transaction
    that needs them, offering lower latency at the cost of extra work for the consumer.

Agents, which usually decide off-chain and then submit transactions, tend to find pull models
natural: they can read the same signed report they will later have verified on-chain.

## What agents need that contracts did not

Agent developers describe a handful of requirements that go beyond classic price feeds:

1. **Freshness metadata.** An agent needs to know not just a price but how old it is and how much
    the sources disagreed.
2. **Non-price data.** Events, reserve attestations, weather, sports results and even the outputs
    of other models are increasingly requested.
3. **Provenance.** When an agent justifies a decision to its operator, it helps to cite a signed,
    verifiable data point rather than a scraped web page.
4. **Graceful failure.** Agents should treat a stale or disputed feed as a reason to pause, not as
    a gap to reason around.

The last point is as much about agent design as about oracles. A language model asked to "use its
best judgement" when a feed is missing may invent a plausible number, which is exactly the failure
oracles exist to prevent.

## Accountability and economic security

Oracle networks rely on economic incentives to keep operators honest: reputation, fees and, in some
designs, staked collateral that can be penalised. Some newer designs borrow security through
restaking, letting Ethereum stakers back an oracle service and face penalties if it reports
falsely. Whatever the mechanism, the question agent builders should ask is the same: what would it
cost an attacker to push a wrong value, and is that cost larger than what could be extracted from
the agents relying on it?

## Practical guidance

For teams wiring agents to on-chain markets, a few habits reduce risk considerably. Read prices
from an oracle rather than from a single exchange or pool, which can be manipulated within one
block. Enforce staleness and deviation checks in the contract, not only in the agent's prompt. Log
the exact report each decision used. And assume that sooner or later a feed will be wrong — then
design the agent so that being wrong is survivable.
""",
    },
    {
        "slug": "bittensor-subnets-market-for-models",
        "title": "Subnets and incentives: reading Bittensor as a market for models",
        "summary": (
            "Bittensor splits AI work into subnets, each with its own rules for rewarding useful "
            "output. It is an ambitious experiment in mechanism design, and its hardest problems "
            "are about measurement rather than models."
        ),
        "section": "agents",
        "author": "priya.raman",
        "tags": ["Bittensor", "Decentralised AI", "Tokenomics", "AI Models"],
        "hours_ago": 250,
        "is_sponsored": False,
        "sponsor_name": "",
        "body": """## The basic structure

Bittensor is a network that uses token incentives to coordinate machine-learning work. Rather than
a single marketplace for a single task, it is organised into **subnets**. Each subnet defines a
task — text generation, data scraping, model training, forecasting, storage and more — along with
its own rules for judging quality.

Within a subnet there are two main roles:

- **Miners** do the work: they run models, serve responses or produce other outputs.
- **Validators** evaluate the miners, assigning scores according to the subnet's incentive
    mechanism.

Validators' scores are combined through a consensus process, and the network's token emissions are
distributed to miners and validators accordingly. The native token, TAO, is used for staking and
for allocating influence across the network, and recent protocol changes have given individual
subnets more distinct economics of their own.

## A market, not a model

It is tempting to describe Bittensor as "a decentralised AI model", but that misses the point. It
is closer to a set of competitions with continuous prize money. Subnet designers write the rules;
miners compete to score well under those rules; validators act as judges. Whether the result is
useful AI depends almost entirely on whether the rules reward what users actually want.

That makes Bittensor one of the larger live experiments in [mechanism
design](https://en.wikipedia.org/wiki/Mechanism_design), the branch of economics concerned with
designing rules so that self-interested participants produce a desired outcome.

## The measurement problem

Across subnets, the recurring challenge is measurement. If a scoring function can be gamed, miners
will game it; that is not a moral failing but the expected response to a reward. Commonly discussed
failure modes include:

1. **Copying.** Miners may replay a strong competitor's outputs rather than doing the work
    themselves.
2. **Overfitting to the validator.** If validators use a fixed benchmark, miners optimise for that
    benchmark rather than for general quality.
3. **Collusion.** Validators and miners with aligned interests can inflate each other's scores.
4. **Weight-copying.** Validators may mirror other validators' scores instead of evaluating
    independently.

Subnet teams respond with techniques familiar from machine-learning evaluation: rotating or hidden
test sets, comparisons against reference models, commit-reveal schemes for validator scores, and
penalties for outputs that look duplicated. Each fix tends to invite a new strategy, and the
stronger subnets are generally those that iterate quickly.

## What to evaluate as an observer

For readers trying to assess a particular subnet, a few questions cut through the noise:

- Is there demand from users outside the network, or does activity depend mainly on emissions?
- How is quality measured, and could a well-resourced miner game it cheaply?
- How concentrated are stake and validator influence?
- Are the outputs available to anyone, and on what terms?

None of these questions has a single right answer, and practices vary widely from subnet to subnet.

## The bigger picture

Bittensor's approach contrasts with networks that sell raw GPU hours. It is trying to pay for
outcomes — a good answer, a useful dataset, a trained checkpoint — rather than for compute. That is
harder, but potentially more valuable if it works. It also means the network's success will be
judged less by token metrics than by a simple test: whether people who are not paid in TAO choose
to use what it produces.
""",
    },
    {
        "slug": "data-marketplaces-consent-audit-trail",
        "title": (
            "Tokenised datasets and the consent problem: can data marketplaces keep an audit trail?"
        ),
        "summary": (
            "Data marketplaces promise to let owners sell access to datasets for model training "
            "while keeping control. Privacy law asks harder questions about consent, deletion and"
            " purpose than a token can answer alone."
        ),
        "section": "privacy-regulation",
        "author": "maya.okafor",
        "tags": ["Ocean Protocol", "Data Marketplaces", "GDPR", "Filecoin", "Privacy"],
        "hours_ago": 360,
        "is_sponsored": False,
        "sponsor_name": "",
        "body": """## The pitch

Training data is the raw material of modern AI, and much of it has been gathered with little say
from the people who produced it. Blockchain-based data marketplaces propose a different
arrangement: data owners publish datasets, set terms and are paid when their data is used, with
every access recorded on a public ledger.

Ocean Protocol is one of the longer-running examples. It represents datasets with on-chain tokens
that grant access, and it offers a "compute-to-data" mode in which algorithms are sent to run where
the data sits, so that buyers receive results rather than raw records. Storage networks such as
Filecoin are often paired with these designs to hold large datasets in a content-addressed way.

## Where privacy law comes in

For datasets containing personal information, the EU's [General Data Protection
Regulation](https://en.wikipedia.org/wiki/General_Data_Protection_Regulation) and similar laws
elsewhere impose obligations that do not disappear because a dataset has been tokenised. Among the
most relevant:

- **Lawful basis.** Whoever processes personal data needs a legal ground, such as consent or a
    legitimate interest, for each purpose.
- **Purpose limitation.** Data collected for one purpose cannot simply be resold for an unrelated
    one, such as training an unrelated model.
- **Data-subject rights.** People can ask for access, correction and, in many cases, deletion.
- **Accountability.** Controllers must be able to demonstrate compliance, not merely assert it.

A token that grants access to a dataset does not by itself record whether each person in it agreed
to that use.

## The immutability tension

The most discussed conflict is between the right to erasure and an immutable ledger. The common
design answer is to keep personal data off-chain entirely: the ledger stores only hashes, access
rights and payment records, while the data itself lives in storage that can be deleted. Deleting
the underlying data then breaks the link, leaving a hash that is, in principle, no longer connected
to a person.

Regulators have not given blanket approval to this pattern, and whether a hash counts as personal
data can depend on context. But it is widely regarded as far better than writing personal data to a
public chain, which practitioners consistently advise against.

## What a good audit trail looks like

Where blockchains do help is with accountability. An append-only record of who was granted access
to which version of a dataset, for which stated purpose and under which licence, is exactly the
kind of evidence a controller may need to produce. A well-designed marketplace might record:

1. A content hash of each dataset version.
2. The licence and permitted purposes attached to it.
3. Each access grant, with the buyer's identity or a verified credential.
4. Consent receipts, or references to them, for the people whose data is included.
5. Deletion events, linked to the dataset versions they affect.

Compute-to-data strengthens this further: if raw records never leave the owner's environment, the
set of parties processing personal data stays small.

## The honest assessment

Data marketplaces are not a shortcut around privacy law, and the better projects do not claim to
be. Their real contribution is infrastructure for provenance and payment, which grows more valuable
as AI developers face questions about where their training data came from. For personal data, the
hard work remains what it has always been: collecting it lawfully, limiting its use, and being able
to prove both. A ledger can make the proving easier. It cannot do the collecting for you.
""",
    },
    {
        "slug": "agent-payments-arbitrum-solana-sui",
        "title": "Choosing a chain for agent payments: Arbitrum, Solana and Sui compared",
        "summary": (
            "High-frequency, low-value payments between AI agents stress blockchains differently "
            "from human trading. Fees, finality and developer tooling all shape where agent "
            "builders deploy."
        ),
        "section": "infrastructure",
        "author": "daniel.hartmann",
        "tags": ["Arbitrum", "Solana", "Sui", "AI Agents", "Layer 2"],
        "hours_ago": 500,
        "is_sponsored": False,
        "sponsor_name": "",
        "body": """## Why agents change the calculus

Most blockchain performance debates have centred on human users: traders chasing fills, gamers
wanting responsive actions, collectors minting during busy drops. AI agents introduce a different
profile. An agent paying per API call or per second of compute may send many small transactions,
around the clock, with amounts often measured in cents. For that workload, a fee that seems trivial
to a person can exceed the value being transferred, and a confirmation delay of several seconds can
stall a chain of automated tasks.

The result is that agent builders are scoring networks slightly differently: predictable low fees,
fast confirmation, good wallet and account tooling, and access to stablecoin liquidity.

## Three representative options

Arbitrum, Solana and Sui illustrate three different architectural bets. The comparison below is
qualitative; performance changes with upgrades and network conditions, and builders should measure
rather than rely on published figures.

| | Arbitrum | Solana | Sui |
|---|---|---|---|
| Architecture | Optimistic rollup on Ethereum | Monolithic layer 1 | Object-centric layer 1 |
| Contract languages | Solidity; others via Stylus | Rust, often with Anchor | Move |
| Confirmations | Fast sequencer receipts | Usually within seconds | Usually within seconds |
| Draw for agents | Ethereum tooling, liquidity | Large trading ecosystem | Parallel execution |

[Layer-2 rollups](https://ethereum.org/en/layer-2/) such as Arbitrum inherit security from Ethereum
while executing transactions more cheaply away from the main chain. Solana and Sui pursue
performance at the base layer, with different approaches to parallel execution.

## What matters for agent payments

Beyond raw throughput, a handful of factors tend to decide where agent teams deploy:

- **Fee predictability.** Agents need to budget. Networks with local or per-resource fee markets
    can shield a payment flow from congestion elsewhere, though no network is immune to spikes.
- **Finality semantics.** A rollup's sequencer confirms quickly, but full settlement on Ethereum
    takes longer. For small payments, many teams accept the sequencer's confirmation; for larger
    ones, they may wait.
- **Account tooling.** Session keys, spending limits and sponsored fees are easier on some stacks
    than others, and maturity varies.
- **Stablecoin availability.** Agents overwhelmingly price in dollars, so native issuance and deep
    liquidity of major stablecoins matter.
- **Language and audit ecosystem.** Solidity has the largest pool of auditors; Rust and Move offer
    safety features but smaller talent pools.

## Batching and channels

For the smallest payments, many teams avoid settling every transaction on-chain at all. Common
patterns include:

1. **Prepaid balances** held in a contract and drawn down off-chain with signed vouchers.
2. **Payment channels**, in which two parties exchange signed updates and settle the net balance
    periodically.
3. **Batch settlement**, in which a service aggregates many agents' usage and settles once per
    interval.

These approaches reduce the importance of per-transaction fees and make the choice of chain more
about security, liquidity and tooling.

## The likely outcome

There is little reason to expect a single winner. Agent frameworks increasingly abstract over
chains, letting an agent hold balances on several networks and route payments to wherever a
counterparty prefers. In that world, the competition is less about peak throughput and more about
which ecosystems make it safest and simplest for software to spend money. That contest will be
decided by tooling, stablecoin liquidity and developer experience as much as by consensus
algorithms.
""",
    },
    {
        "slug": "stablecoins-machine-to-machine-payments",
        "title": (
            "Why stablecoins are becoming the settlement layer for machine-to-machine payments"
        ),
        "summary": (
            "Card networks were built for people at checkouts, not for software buying inference "
            "by the request. Stablecoins fill a gap for AI agents, but refunds, compliance and "
            "issuer risk still need solving."
        ),
        "section": "defi",
        "author": "priya.raman",
        "tags": ["Stablecoins", "AI Agents", "Payments", "Ethereum", "Solana"],
        "hours_ago": 700,
        "is_sponsored": False,
        "sponsor_name": "",
        "body": """## The mismatch with existing rails

Traditional payment systems were designed around people. Card payments assume a cardholder who can
be authenticated, a merchant category, a chargeback process and fees that make sense for purchases
of a few dollars or more. Bank transfers assume business hours, account details and, often, manual
review. None of these assumptions fits an AI agent that wants to pay a fraction of a cent for a
single API response, at any hour, to a counterparty it discovered seconds ago.

Stablecoins — tokens designed to track the value of a currency such as the US dollar — offer a
workable alternative. They settle on public blockchains in seconds to minutes, can be sent by any
program holding a key, and carry the price stability that volatile tokens lack. For agents, that
combination is hard to find elsewhere.

## How machine payments are taking shape

Several patterns are emerging for payments from agents to services:

- **Pay-per-request APIs.** A service quotes a price in its response; the agent pays and retries
    with proof of payment. Proposals to revive the long-reserved HTTP 402 "Payment Required" status
    code for this purpose have drawn attention.
- **Metered streaming.** Payment flows continuously while a service is in use, which suits compute
    rental or long-running data feeds.
- **Escrowed tasks.** Funds are locked in a contract and released when a task is verified as
    complete.
- **Prepaid credits.** An agent tops up a balance with a service and draws it down, settling
    on-chain only occasionally.

Each pattern trades on-chain cost against counterparty risk. Per-request payments minimise trust
but maximise transaction count; prepaid credits do the reverse.

## Why dollars, and why on-chain

Agents price things. Whether choosing between two inference providers or deciding whether a dataset
is worth buying, an agent compares costs, and comparisons are easiest in a stable unit. Volatile
native tokens complicate budgeting and accounting, which is one reason many decentralised compute
and data networks have added stablecoin payment options alongside their own tokens.

Public ledgers add programmability. A payment can be conditional on a proof, split automatically
between a model developer and a compute provider, or bundled with a receipt that the agent's
operator can audit later. Ethereum and its rollups, along with Solana, carry much of today's
stablecoin activity, though issuers continue to expand to additional chains.

## The unsolved parts

Stablecoin rails remove some frictions and expose others:

1. **Refunds and disputes.** On-chain transfers are final. If a service fails to deliver, there is
    no built-in chargeback, so escrow contracts and reputation systems have to fill the gap.
2. **Compliance.** Rules such as the EU's MiCA and anti-money-laundering obligations apply to the
    businesses behind agents. Screening counterparties and keeping records remains their
    responsibility.
3. **Issuer risk.** A stablecoin is only as sound as its reserves and redemption process.
    Diversifying across issuers, or limiting the balances agents hold, reduces exposure.
4. **Accounting.** Thousands of tiny payments are hard to reconcile. Good tooling aggregates them
    into statements that finance teams can work with.

## A practical view

For a team building an agent today, the pragmatic approach is to keep agent balances small, use
well-established stablecoins on networks where counterparties already operate, and wrap payments in
contracts that encode the conditions under which money moves. Background on how stablecoins
maintain their peg is available in [Wikipedia's
overview](https://en.wikipedia.org/wiki/Stablecoin).

The broader point is that machine payments are less a new financial product than a new kind of
customer. Rails that treat software as a first-class payer — with limits, receipts and clear rules
— are likely to be the ones agents end up using.
""",
    },
    {
        "slug": "intents-chain-abstraction-near-bitcoin",
        "title": "Intents and chain abstraction: letting agents say what, not how",
        "summary": (
            "Intent-based designs let a user or agent state a desired outcome and leave the "
            "routing to specialised solvers. NEAR's cross-chain signing work and Bitcoin's role "
            "as collateral show why that matters."
        ),
        "section": "infrastructure",
        "author": "maya.okafor",
        "tags": ["NEAR", "Bitcoin", "Chain Abstraction", "Intents", "AI Agents"],
        "hours_ago": 940,
        "is_sponsored": False,
        "sponsor_name": "",
        "body": """## From transactions to outcomes

A conventional blockchain transaction is an instruction: call this contract, with these parameters,
paying this fee, on this chain. That works when a user knows exactly what they want and where. It
works less well for AI agents operating across many networks, which would otherwise have to encode,
for every chain, the details of bridges, gas tokens, liquidity venues and confirmation rules.

Intent-based designs flip the model. Instead of an instruction, the user or agent signs a statement
of the desired outcome — "swap up to this amount of token A for at least this amount of token B, on
any supported chain, before this deadline" — and a competitive set of **solvers** works out how to
deliver it. The agent specifies what; the solvers handle how.

## Why this suits agents

Language models are reasonably good at turning a goal into a structured request. They are much less
reliable at the fiddly, chain-specific details where a single wrong parameter can lose funds.
Intents draw a clean boundary between the two:

- The agent produces a constrained, machine-checkable intent.
- A wallet or policy engine checks the intent against spending limits before signing.
- Solvers compete on price and speed to fill it.
- Settlement contracts enforce the stated constraints, so a solver cannot deliver less than
    promised.

The attack surface shrinks to the intent itself, which is short enough for a human — or a second,
independent checking system — to review.

## NEAR and signing across chains

NEAR has been among the networks most explicitly focused on this idea, under the broader label of
chain abstraction. Its chain-signatures approach uses a multi-party computation network so that a
NEAR account can produce signatures valid on other chains, including Bitcoin, without a
conventional bridge taking custody of the assets. Combined with an intents layer, the aim is for a
single account — potentially one controlled by an agent — to act across many networks.

The design involves trade-offs. Security depends on the honesty and availability of the signing
network, and cross-chain operations still inherit the finality characteristics of each underlying
chain.

## Bitcoin's growing part in the picture

[Bitcoin](https://en.wikipedia.org/wiki/Bitcoin) has a deliberately limited scripting language,
which has historically kept it at arm's length from DeFi. Chain abstraction and related approaches
aim to make native bitcoin usable as collateral or payment in applications elsewhere, without
wrapping it through a single custodian. For agents, that potentially opens the largest pool of
crypto-asset value to programmatic use. It also raises the stakes for getting custody and signing
right.

## Questions worth asking

Intent systems are young, and implementations differ considerably. Before building on one, teams
may want to understand:

1. **Who the solvers are**, and whether the set is permissioned or open.
2. **How failed or partial fills are handled**, and what happens to funds in the meantime.
3. **What the user actually signs**, and whether wallets display it legibly.
4. **How solvers are paid**, since hidden spreads can quietly erode value.
5. **Which trust assumptions sit under cross-chain settlement**, such as signing networks or light
    clients.

If intents become the dominant interface, the most important code in an agent's stack may no longer
be the part that builds transactions, but the part that decides which outcomes it is allowed to ask
for. That is a healthier place to concentrate risk. It also makes the quality of solver markets —
their competition, transparency and accountability — a central question for the next phase of
cross-chain infrastructure.
""",
    },
]
