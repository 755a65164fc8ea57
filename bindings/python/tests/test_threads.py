"""One client shared by many Python threads."""

from concurrent.futures import ThreadPoolExecutor

from conftest import CUSTOMER, CUSTOMER_APP, PRODUCT, UNBOUGHT_PRODUCT

THREADS = 8
CALLS = 100  # 800 calls: the sandbox journal keeps the last 1000


def test_one_client_shared_by_8_threads_x_100_calls(client, sandbox):
    apps, users = client.apps(), client.users()

    def worker(n):
        answers = []
        for i in range(CALLS):
            if (n + i) % 2:
                answers.append(apps.has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP) is True)
            else:
                answers.append(users.has_bought_product(CUSTOMER, [UNBOUGHT_PRODUCT], False) is False)
        return answers

    with ThreadPoolExecutor(THREADS) as pool:
        results = [answer for answers in pool.map(worker, range(THREADS)) for answer in answers]

    assert len(results) == THREADS * CALLS and all(results)
    statuses = [e["status"] for e in sandbox.journal()]
    assert len(statuses) == THREADS * CALLS
    assert statuses.count(200) == statuses.count(403) == THREADS * CALLS // 2
