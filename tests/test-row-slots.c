/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * McRowSlots: the list as the view shows it. Whatever the model does, the
 * slots model must describe it truthfully (every shown position holds the
 * model's item there, and its items-changed add up to its length), while
 * the slots a view holds keep their identity.
 */
#include "config.h"

#include "mc-row-slots.h"

typedef struct {
  GListStore *store;
  McRowSlots *slots;
  guint       shadow_n;   /* the slots model's length, from its signals */
  GArray     *log;        /* Change */
  GArray     *replaced;   /* Change, added unused */
} Fixture;

typedef struct {
  guint position, removed, added;
} Change;

static GObject *
new_item (guint i)
{
  GObject *item = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (item, "n", GUINT_TO_POINTER (i));
  return item;
}

static void
fill (GListStore *store,
      guint       position,
      guint       removed,
      guint       n,
      guint       first)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, new_item (first + i));
  g_list_store_splice (store, position, removed, items->pdata, items->len);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fx)
{
  Change c = { position, removed, added };

  g_assert_cmpuint (position + removed, <=, fx->shadow_n);
  fx->shadow_n = fx->shadow_n - removed + added;
  g_assert_cmpuint (fx->shadow_n, ==, g_list_model_get_n_items (model));
  g_array_append_val (fx->log, c);
}

static void
replaced_cb (McRowSlots *slots,
             guint       position,
             guint       n_items,
             Fixture    *fx)
{
  Change c = { position, n_items, 0 };

  g_array_append_val (fx->replaced, c);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->store = g_list_store_new (G_TYPE_OBJECT);
  fx->slots = mc_row_slots_new ();
  fx->log = g_array_new (FALSE, FALSE, sizeof (Change));
  fx->replaced = g_array_new (FALSE, FALSE, sizeof (Change));
  g_signal_connect (fx->slots, "items-changed", G_CALLBACK (items_changed_cb), fx);
  g_signal_connect (fx->slots, "replaced", G_CALLBACK (replaced_cb), fx);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_assert_finalize_object (fx->slots);
  g_assert_finalize_object (fx->store);
  g_array_unref (fx->log);
  g_array_unref (fx->replaced);
}

static void
wait_grown (Fixture *fx)
{
  while (mc_row_slots_get_growing (fx->slots))
    g_main_context_iteration (NULL, TRUE);
}

/* Every shown position holds the model's item there. */
static void
check_truthful (Fixture *fx)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fx->slots));

  g_assert_cmpuint (n, <=, g_list_model_get_n_items (G_LIST_MODEL (fx->store)));
  g_assert_cmpuint (n, ==, fx->shadow_n);
  for (guint p = 0; p < n; p++)
    {
      g_autoptr(McRowSlot) slot = g_list_model_get_item (G_LIST_MODEL (fx->slots), p);
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (fx->store), p);

      g_assert_true (mc_row_slot_get_item (slot) == item);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fx->slots), n));
}

static guint
number (McRowSlot *slot)
{
  return GPOINTER_TO_UINT (g_object_get_data (mc_row_slot_get_item (slot), "n"));
}

static void
test_grows_gradually (Fixture       *fx,
                      gconstpointer  data)
{
  guint added_at_once = 0;

  fill (fx->store, 0, 0, 10, 0);
  mc_row_slots_set_model (fx->slots, G_LIST_MODEL (fx->store));
  /* A few rows come at once. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->slots)), ==, 10);
  g_assert_false (mc_row_slots_get_growing (fx->slots));
  check_truthful (fx);

  /* Many rows come a screen at a time where a view makes widgets, then
   * the rest at once. */
  g_array_set_size (fx->log, 0);
  fill (fx->store, 10, 0, 5000, 10);
  g_assert_true (mc_row_slots_get_growing (fx->slots));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->slots)), <, 100);
  wait_grown (fx);
  check_truthful (fx);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->slots)), ==, 5010);
  g_assert_cmpuint (fx->log->len, >, 2);
  for (guint i = 0; i < fx->log->len; i++)
    {
      Change *c = &g_array_index (fx->log, Change, i);

      g_assert_cmpuint (c->removed, ==, 0);
      if (i + 1 < fx->log->len)
        added_at_once = MAX (added_at_once, c->added);
    }
  g_assert_cmpuint (added_at_once, <=, 64);

  /* A change while growing: still truthful, and it finishes. */
  fill (fx->store, 5010, 0, 3000, 9000);
  fill (fx->store, 0, 2, 1, 20000);
  fill (fx->store, 0, 0, 1000, 30000);
  check_truthful (fx);
  wait_grown (fx);
  check_truthful (fx);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->slots)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (fx->store)));
}

static void
test_in_place (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(McRowSlot) far = NULL;
  g_autoptr(McRowSlot) again = NULL;

  fill (fx->store, 0, 0, 2000, 0);
  mc_row_slots_set_model (fx->slots, G_LIST_MODEL (fx->store));
  wait_grown (fx);
  /* What a view holds: the first rows, and one far down. */
  for (guint p = 0; p < 40; p++)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (fx->slots), p));
  far = g_list_model_get_item (G_LIST_MODEL (fx->slots), 1500);
  g_assert_cmpuint (number (far), ==, 1500);

  /* Another query: 500 other rows. The held slots take them in place; the
   * view only hears that the end went away. */
  g_array_set_size (fx->log, 0);
  fill (fx->store, 0, 2000, 500, 10000);
  g_assert_cmpuint (fx->log->len, ==, 1);
  g_assert_cmpuint (g_array_index (fx->log, Change, 0).position, ==, 500);
  g_assert_cmpuint (g_array_index (fx->log, Change, 0).removed, ==, 1500);
  g_assert_cmpuint (g_array_index (fx->log, Change, 0).added, ==, 0);
  g_assert_cmpuint (fx->replaced->len, ==, 1);
  g_assert_cmpuint (g_array_index (fx->replaced, Change, 0).position, ==, 0);
  g_assert_cmpuint (g_array_index (fx->replaced, Change, 0).removed, ==, 500);
  for (guint p = 0; p < held->len; p++)
    {
      g_autoptr(McRowSlot) slot = g_list_model_get_item (G_LIST_MODEL (fx->slots), p);

      g_assert_true (slot == g_ptr_array_index (held, p));
      g_assert_cmpuint (number (slot), ==, 10000 + p);
    }
  /* A slot no longer shown keeps its last row, and is not handed out. */
  g_assert_cmpuint (number (far), ==, 1500);
  check_truthful (fx);

  /* A small change passes through as it is: a row inserted at 3 moves
   * the held slots after it, with their rows. */
  g_array_set_size (fx->log, 0);
  g_array_set_size (fx->replaced, 0);
  fill (fx->store, 3, 0, 1, 20000);
  g_assert_cmpuint (fx->log->len, ==, 1);
  g_assert_cmpuint (g_array_index (fx->log, Change, 0).position, ==, 3);
  g_assert_cmpuint (g_array_index (fx->log, Change, 0).added, ==, 1);
  g_assert_cmpuint (fx->replaced->len, ==, 0);
  again = g_list_model_get_item (G_LIST_MODEL (fx->slots), 4);
  g_assert_true (again == g_ptr_array_index (held, 3));
  g_assert_cmpuint (number (again), ==, 10003);
  check_truthful (fx);

  /* A row changed where it is: its slot takes the new row. */
  fill (fx->store, 5, 1, 1, 30000);
  g_assert_cmpuint (fx->replaced->len, ==, 1);
  g_assert_cmpuint (number (g_ptr_array_index (held, 4)), ==, 30000);
  check_truthful (fx);

  /* And the list emptied, then another model. */
  g_list_store_remove_all (fx->store);
  check_truthful (fx);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->slots)), ==, 0);
  {
    g_autoptr(GListStore) other = g_list_store_new (G_TYPE_OBJECT);

    fill (other, 0, 0, 7, 40000);
    mc_row_slots_set_model (fx->slots, G_LIST_MODEL (other));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->slots)), ==, 7);
    mc_row_slots_set_model (fx->slots, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx->slots)), ==, 0);
  }
}

/* Random splices, small and big, with slots held and let go as a view
 * scrolling about would: the model stays truthful throughout. */
static void
test_random (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  GRand *rand = g_rand_new_with_seed (42);
  guint next = 0;

  fill (fx->store, 0, 0, 300, next);
  next += 300;
  mc_row_slots_set_model (fx->slots, G_LIST_MODEL (fx->store));
  for (guint round = 0; round < 300; round++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (fx->store));
      guint position = n > 0 ? g_rand_int_range (rand, 0, n + 1) : 0;
      guint removed = position < n ? g_rand_int_range (rand, 0, MIN (n - position, 40) + 1) : 0;
      guint added = g_rand_boolean (rand) ? g_rand_int_range (rand, 0, 20) : g_rand_int_range (rand, 0, 600);
      guint shown;

      if (g_rand_int_range (rand, 0, 10) == 0)
        removed = n - position;
      fill (fx->store, position, removed, added, next);
      next += added;
      if (g_rand_boolean (rand))
        g_main_context_iteration (NULL, FALSE);
      check_truthful (fx);

      g_ptr_array_set_size (held, 0);
      shown = g_list_model_get_n_items (G_LIST_MODEL (fx->slots));
      if (shown > 0)
        {
          guint top = g_rand_int_range (rand, 0, shown);

          for (guint p = top; p < MIN (shown, top + 50); p++)
            g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (fx->slots), p));
        }
    }
  wait_grown (fx);
  check_truthful (fx);
  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/app/row-slots/grows-gradually", Fixture, NULL, fixture_setup, test_grows_gradually, fixture_teardown);
  g_test_add ("/app/row-slots/in-place", Fixture, NULL, fixture_setup, test_in_place, fixture_teardown);
  g_test_add ("/app/row-slots/random", Fixture, NULL, fixture_setup, test_random, fixture_teardown);
  return g_test_run ();
}
