/* Copyright 2026 The Một Cửa Desk developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dossier list as GTK 4.8's list widgets can show it without stalling.
 *
 * GTK 4.8's GtkListView keeps 200 rows of widgets around the visible rows
 * and never reuses a row's widgets for another item once an items-changed
 * took that item away: a new set of rows (a search typed, a sort, a sync
 * page that moved rows about) destroys all of them and builds them again,
 * 1,600 cells in the dossier list, in one turn of the main loop.
 *
 * McRowSlots sits between the model and the view. Its items are slots, one
 * per shown position, and a slot stays the same object while the view
 * holds it: when the rows at its position change, the slot takes the new
 * row in place (notify::item) and the view rebinds its cells, keeping the
 * widgets. Only the difference in length reaches the view as items-changed,
 * at the end, where GTK's rows are rarely made. A list that grows where the
 * view has rows to make (a search cleared, a queue opened) grows a screen
 * at a time, one turn of the main loop each, as a directory listing does.
 *
 * Small changes (a dossier updated by a sync page) pass through exactly, so
 * that a row inserted above others does not rebind them all.
 */
#include "config.h"

#include "mc-row-slots.h"

/* Changes up to this many rows are passed through as they are. */
#define PRECISE_MAX 16
/* Rows a list grows by in one turn of the main loop, and how far from
 * where the growth started it stays gradual: past GTK 4.8's 200 rows of
 * widgets, growing makes no widget and is done at once. */
#define GROW_STEP 24
#define GROW_GRADUAL 256

struct _McRowSlot
{
  GObject  parent_instance;

  gpointer item;      /* owned, nullable */
  guint    position;  /* G_MAXUINT once no longer shown */
};

G_DEFINE_FINAL_TYPE (McRowSlot, mc_row_slot, G_TYPE_OBJECT)

enum {
  SLOT_PROP_0,
  SLOT_PROP_ITEM,
  SLOT_N_PROPS
};

static GParamSpec *slot_properties[SLOT_N_PROPS];

static void
mc_row_slot_finalize (GObject *object)
{
  McRowSlot *self = MC_ROW_SLOT (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (mc_row_slot_parent_class)->finalize (object);
}

static void
mc_row_slot_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  McRowSlot *self = MC_ROW_SLOT (object);

  switch (prop_id)
    {
    case SLOT_PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_row_slot_class_init (McRowSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_row_slot_finalize;
  object_class->get_property = mc_row_slot_get_property;

  slot_properties[SLOT_PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, SLOT_N_PROPS, slot_properties);
}

static void
mc_row_slot_init (McRowSlot *self)
{
}

/**
 * mc_row_slot_get_item:
 *
 * Returns: (transfer none) (nullable): the model's item at the slot's
 *   position, which changes in place (notify::item)
 */
gpointer
mc_row_slot_get_item (McRowSlot *self)
{
  g_return_val_if_fail (MC_IS_ROW_SLOT (self), NULL);
  return self->item;
}

struct _McRowSlots
{
  GObject     parent_instance;

  GListModel *model;        /* owned, nullable */
  guint       n_model;      /* the model's count as last heard */
  guint       n_shown;      /* announced: the model's first n_shown rows */
  GHashTable *slots;        /* position → McRowSlot, weakly referenced */
  guint       grow_source;
  guint       grow_from;    /* n_shown when the current growth began */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McRowSlots, mc_row_slots, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  SIGNAL_REPLACED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
mc_row_slots_get_item_type (GListModel *model)
{
  return MC_TYPE_ROW_SLOT;
}

static guint
mc_row_slots_get_n_items (GListModel *model)
{
  return MC_ROW_SLOTS (model)->n_shown;
}

static void
slot_gone_cb (gpointer  data,
              GObject  *where)
{
  McRowSlots *self = data;
  McRowSlot *slot = (McRowSlot *) where;

  /* Weak notifications come before finalize: the slot is still whole. */
  if (slot->position != G_MAXUINT &&
      g_hash_table_lookup (self->slots, GUINT_TO_POINTER (slot->position)) == slot)
    g_hash_table_remove (self->slots, GUINT_TO_POINTER (slot->position));
}

static gpointer
mc_row_slots_get_item (GListModel *model,
                       guint       position)
{
  McRowSlots *self = MC_ROW_SLOTS (model);
  McRowSlot *slot;

  if (position >= self->n_shown)
    return NULL;
  slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
  if (slot != NULL)
    return g_object_ref (slot);

  slot = g_object_new (MC_TYPE_ROW_SLOT, NULL);
  slot->item = g_list_model_get_item (self->model, position);
  slot->position = position;
  g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);
  g_object_weak_ref (G_OBJECT (slot), slot_gone_cb, self);
  return slot;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = mc_row_slots_get_item_type;
  iface->get_n_items = mc_row_slots_get_n_items;
  iface->get_item = mc_row_slots_get_item;
}

/* The slots the view holds, in no order. */
static GPtrArray *
take_slots (McRowSlots *self)
{
  GPtrArray *slots = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (slots, value);
  g_hash_table_remove_all (self->slots);
  return slots;
}

static void
keep_slot (McRowSlots *self,
           McRowSlot  *slot,
           guint       position)
{
  slot->position = position;
  g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);
}

/* No longer shown: whoever still holds it keeps its last item. */
static void
drop_slot (McRowSlots *self,
           McRowSlot  *slot)
{
  slot->position = G_MAXUINT;
  g_object_weak_unref (G_OBJECT (slot), slot_gone_cb, self);
}

static void
refill_slot (McRowSlots *self,
             McRowSlot  *slot)
{
  gpointer item = g_list_model_get_item (self->model, slot->position);

  if (item == slot->item)
    {
      g_clear_object (&item);
      return;
    }
  g_clear_object (&slot->item);
  slot->item = item;
  g_object_notify_by_pspec (G_OBJECT (slot), slot_properties[SLOT_PROP_ITEM]);
}

static void grow (McRowSlots *self);

static gboolean
grow_cb (gpointer user_data)
{
  McRowSlots *self = user_data;

  self->grow_source = 0;
  grow (self);
  return G_SOURCE_REMOVE;
}

/* Announces more of the model's rows after the shown ones. */
static void
grow (McRowSlots *self)
{
  guint position = self->n_shown;
  guint added;

  if (self->n_model <= self->n_shown)
    return;
  if (self->n_shown - self->grow_from >= GROW_GRADUAL)
    added = self->n_model - self->n_shown;
  else
    added = MIN (self->n_model - self->n_shown, GROW_STEP);
  self->n_shown += added;
  if (self->n_shown < self->n_model && self->grow_source == 0)
    {
      self->grow_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, grow_cb, self, NULL);
      g_source_set_name_by_id (self->grow_source, "[motcua] McRowSlots grow");
    }
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
}

static void
start_growing (McRowSlots *self)
{
  if (self->grow_source == 0)
    self->grow_from = self->n_shown;
  grow (self);
}

/* A small change, with every row of the model shown: passed through, the
 * rows that stay at their position refilled in place. */
static void
change_precisely (McRowSlots *self,
                  guint       position,
                  guint       removed,
                  guint       added)
{
  g_autoptr(GPtrArray) slots = take_slots (self);
  guint kept = MIN (removed, added);

  for (guint i = 0; i < slots->len; i++)
    {
      McRowSlot *slot = g_ptr_array_index (slots, i);

      if (slot->position < position + kept)
        keep_slot (self, slot, slot->position);
      else if (slot->position < position + removed)
        drop_slot (self, slot);
      else
        keep_slot (self, slot, slot->position - removed + added);
    }
  for (guint i = 0; i < slots->len; i++)
    {
      McRowSlot *slot = g_ptr_array_index (slots, i);

      if (slot->position >= position && slot->position < position + kept)
        refill_slot (self, slot);
    }
  self->n_shown = self->n_model;
  if (kept > 0)
    g_signal_emit (self, signals[SIGNAL_REPLACED], 0, position, kept);
  if (removed != added)
    g_list_model_items_changed (G_LIST_MODEL (self), position + kept, removed - kept, added - kept);
}

/* Any other change: every shown row from @position on is refilled in
 * place, and only the end of the list grows or shrinks. */
static void
change_in_place (McRowSlots *self,
                 guint       position)
{
  g_autoptr(GPtrArray) slots = take_slots (self);
  guint kept = MIN (self->n_shown, self->n_model);

  for (guint i = 0; i < slots->len; i++)
    {
      McRowSlot *slot = g_ptr_array_index (slots, i);

      if (slot->position < kept)
        keep_slot (self, slot, slot->position);
      else
        drop_slot (self, slot);
    }
  for (guint i = 0; i < slots->len; i++)
    {
      McRowSlot *slot = g_ptr_array_index (slots, i);

      if (slot->position != G_MAXUINT && slot->position >= position)
        refill_slot (self, slot);
    }
  if (kept > position)
    g_signal_emit (self, signals[SIGNAL_REPLACED], 0, position, kept - position);
  if (self->n_shown > kept)
    {
      guint removed = self->n_shown - kept;

      self->n_shown = kept;
      g_list_model_items_changed (G_LIST_MODEL (self), kept, removed, 0);
    }
  start_growing (self);
}

static void
model_items_changed_cb (McRowSlots *self,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *model)
{
  guint n_before = self->n_model;

  self->n_model = g_list_model_get_n_items (model);
  if (self->n_shown == n_before && MAX (removed, added) <= PRECISE_MAX)
    change_precisely (self, position, removed, added);
  else if (position < self->n_shown)
    change_in_place (self, position);
  else
    start_growing (self);
}

static void
mc_row_slots_dispose (GObject *object)
{
  McRowSlots *self = MC_ROW_SLOTS (object);

  g_clear_handle_id (&self->grow_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_clear_object (&self->model);
  if (self->slots != NULL)
    {
      g_autoptr(GPtrArray) slots = take_slots (self);

      for (guint i = 0; i < slots->len; i++)
        drop_slot (self, g_ptr_array_index (slots, i));
    }

  G_OBJECT_CLASS (mc_row_slots_parent_class)->dispose (object);
}

static void
mc_row_slots_finalize (GObject *object)
{
  McRowSlots *self = MC_ROW_SLOTS (object);

  g_clear_pointer (&self->slots, g_hash_table_unref);

  G_OBJECT_CLASS (mc_row_slots_parent_class)->finalize (object);
}

static void
mc_row_slots_class_init (McRowSlotsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_row_slots_dispose;
  object_class->finalize = mc_row_slots_finalize;

  /**
   * McRowSlots::replaced:
   * @position: the first row
   * @n_items: how many rows
   *
   * The rows at these positions may be other items now, given to their
   * slots in place rather than announced by items-changed: whoever keeps
   * positions (a selection) checks them.
   */
  signals[SIGNAL_REPLACED] =
    g_signal_new ("replaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
mc_row_slots_init (McRowSlots *self)
{
  self->slots = g_hash_table_new (g_direct_hash, g_direct_equal);
}

McRowSlots *
mc_row_slots_new (void)
{
  return g_object_new (MC_TYPE_ROW_SLOTS, NULL);
}

/**
 * mc_row_slots_set_model:
 * @model: (nullable): a list of objects
 *
 * Shows @model's rows, in the slots already shown.
 */
void
mc_row_slots_set_model (McRowSlots *self,
                        GListModel *model)
{
  g_return_if_fail (MC_IS_ROW_SLOTS (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_set_object (&self->model, model);
  self->n_model = model != NULL ? g_list_model_get_n_items (model) : 0;
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (model_items_changed_cb),
                             self, G_CONNECT_SWAPPED);
  change_in_place (self, 0);
}

/**
 * mc_row_slots_get_model:
 *
 * Returns: (transfer none) (nullable): the model shown
 */
GListModel *
mc_row_slots_get_model (McRowSlots *self)
{
  g_return_val_if_fail (MC_IS_ROW_SLOTS (self), NULL);
  return self->model;
}

/**
 * mc_row_slots_get_growing:
 *
 * Returns: whether rows of the model are still to be announced
 */
gboolean
mc_row_slots_get_growing (McRowSlots *self)
{
  g_return_val_if_fail (MC_IS_ROW_SLOTS (self), FALSE);
  return self->n_shown < self->n_model;
}
