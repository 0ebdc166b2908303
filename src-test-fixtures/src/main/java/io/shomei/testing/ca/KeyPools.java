package io.shomei.testing.ca;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Small per-type pools of reusable key pairs (RSA generation is slow). */
final class KeyPools {
  private static final int SIZE = 4;
  private static final Map<KeyType, List<KeyPair>> POOLS = new EnumMap<>(KeyType.class);
  private static final Map<KeyType, Integer> NEXT = new EnumMap<>(KeyType.class);

  private KeyPools() {}

  static synchronized KeyPair next(KeyType type) {
    List<KeyPair> pool = POOLS.computeIfAbsent(type, t -> new ArrayList<>());
    if (pool.size() < SIZE) {
      KeyPair kp = type.generate();
      pool.add(kp);
      return kp;
    }
    int i = NEXT.getOrDefault(type, 0);
    NEXT.put(type, (i + 1) % SIZE);
    return pool.get(i);
  }
}
