import type { Industry, OrgUnit } from "@zonedesk/contracts";

export interface TreeNode {
  value: string;
  title: string;
  key: string;
  children?: TreeNode[];
}

/** Builds a tree from a flat list linked by parent ids; items whose parent is not in the list become roots. */
export function buildTree<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  parentOf: (item: T) => string | null,
  titleOf: (item: T) => string,
): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const item of items) {
    const id = idOf(item);
    nodes.set(id, { value: id, key: id, title: titleOf(item) });
  }
  const roots: TreeNode[] = [];
  for (const item of items) {
    const node = nodes.get(idOf(item));
    if (!node) continue;
    const parentId = parentOf(item);
    const parent = parentId ? nodes.get(parentId) : undefined;
    if (parent) {
      parent.children ??= [];
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  return roots;
}

export function buildOrgUnitTree(units: readonly OrgUnit[]): TreeNode[] {
  return buildTree(
    units,
    (u) => u.id,
    (u) => u.parentId,
    (u) => u.name,
  );
}

export function buildIndustryTree(industries: readonly Industry[]): TreeNode[] {
  return buildTree(
    industries,
    (i) => i.code,
    (i) => i.parentCode,
    (i) => `${i.code} ${i.name}`,
  );
}
